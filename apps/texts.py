"""The apps' texts in Finnish and English, in one catalogue, and numbers formatted per language."""

from __future__ import annotations

import math
import re

from apps.i18n import Catalogue

LANGUAGES = ("en", "fi")  # in the order of the page's language switch

TEXTS: dict[str, dict[str, str]] = {
    # page
    "title": {"en": "ekosim planner", "fi": "ekosim-suunnittelija"},
    "subtitle": {
        "en": "Alliance and service-network scenarios over ten years, with uncertainty",
        "fi": "Allianssi- ja palveluverkkoskenaariot kymmenelle vuodelle epävarmuuksineen",
    },
    "language": {"en": "Language", "fi": "Kieli"},
    # scenario
    "scenario_section": {"en": "Scenario", "fi": "Skenaario"},
    "scenario": {"en": "Scenario", "fi": "Skenaario"},
    "upload": {"en": "…or upload a scenario (YAML)", "fi": "…tai lataa skenaario (YAML)"},
    "uploaded": {
        "en": "Uploaded scenario in use: {name}",
        "fi": "Ladattu skenaario käytössä: {name}",
    },
    "upload_failed": {
        "en": "The uploaded scenario cannot be used:",
        "fi": "Ladattua skenaariota ei voi käyttää:",
    },
    "upload_gone": {
        "en": "The uploaded scenario this link names is no longer on the server (it keeps "
        "uploads until it restarts): upload the file again.",
        "fi": "Linkin nimeämä ladattu skenaario ei ole enää palvelimella (se säilyttää "
        "lataukset uudelleenkäynnistykseen asti): lataa tiedosto uudelleen.",
    },
    "not_utf8": {"en": "the file is not UTF-8 text", "fi": "tiedosto ei ole UTF-8-tekstiä"},
    "line": {"en": "line", "fi": "rivi"},
    "got": {"en": "got", "fi": "annettu"},
    "untranslated": {"en": "", "fi": "(mallin tarkistus, englanniksi)"},
    "points": {"en": "pp", "fi": "%-yks."},
    "scenario_invalid": {
        "en": "These settings do not make a valid scenario:",
        "fi": "Näistä asetuksista ei synny kelvollista skenaariota:",
    },
    # levers
    "contract_section": {"en": "Contract", "fi": "Sopimus"},
    "model_in_house": {"en": "In-house", "fi": "Oma tuotanto"},
    "model_alliance": {"en": "Alliance", "fi": "Allianssi"},
    "model_fee_for_service": {"en": "Fee for service", "fi": "Suoriteperusteinen"},
    "model_capitation": {"en": "Capitation", "fi": "Kapitaatio"},
    "model_fixed_price": {"en": "Fixed price", "fi": "Kiinteä hinta"},
    "services_section": {"en": "Services", "fi": "Palvelut"},
    "staff_limit_lead": {
        "en": "Limited by staff on an average day: more slots change nothing there; raise staff "
        "posts (Staff and partners) to use them.",
        "fi": "Henkilöstö rajaa keskimääräisenä päivänä: lisäajat eivät siellä muuta mitään; "
        "lisää henkilöstön vakansseja (Henkilöstö ja kumppanit), jotta ne tulevat käyttöön.",
    },
    "staff_limit_item": {
        "en": "{service}: {slots} slots/day, staff deliver {staffed}",
        "fi": "{service}: {slots} aikaa/pv, henkilöstö ehtii {staffed}",
    },
    "staff_limit_leased": {
        "en": "{staffed} (+{leased} leased)",
        "fi": "{staffed} (+{leased} vuokrattu)",
    },
    "partners_section": {"en": "Staff and partners", "fi": "Henkilöstö ja kumppanit"},
    "posts_at": {"en": "(at {provider})", "fi": "(tuottajalla {provider})"},
    "integrator_none": {
        "en": "Service integrator (none in this scenario)",
        "fi": "Palveluintegraattori (ei tässä skenaariossa)",
    },
    "incentives_section": {"en": "Alliance incentives", "fi": "Allianssin kannustimet"},
    "kpi_weights": {"en": "KPI weights", "fi": "Mittarien painot"},
    "kpi_weights_note": {
        "en": "in the KPI reward; relative to each other",
        "fi": "tulospalkkiossa; suhteessa toisiinsa",
    },
    "kpi_weights_none": {
        "en": "This scenario's contract has no KPI reward.",
        "fi": "Tämän skenaarion sopimuksessa ei ole tulospalkkiota.",
    },
    "assumptions_section": {
        "en": "Assumptions (not chosen)",
        "fi": "Oletukset (eivät valittavissa)",
    },
    "assumed": {"en": "Baseline, changed assumptions", "fi": "Perustaso, muutetut oletukset"},
    "years": {"en": "Years", "fi": "Vuodet"},
    "replications": {"en": "Replications", "fi": "Toistot"},
    "seed": {"en": "Seed", "fi": "Siemenluku"},
    "years_count": {"en": "{n} years", "fi": "{n} vuotta"},
    "replications_count": {"en": "{n} replications", "fi": "{n} toistoa"},
    "seed_count": {"en": "seed {n}", "fi": "siemenluku {n}"},
    "uploaded_tag": {"en": "uploaded", "fi": "ladattu"},
    "bundled_tag": {"en": "bundled", "fi": "valmis"},
    "upload_option": {"en": "{name} (uploaded)", "fi": "{name} (ladattu)"},
    "run": {"en": "Run", "fi": "Aja"},
    "undo": {"en": "Undo", "fi": "Kumoa"},
    "preview": {
        "en": "Run by itself after each change (first year first)",
        "fi": "Aja itsestään jokaisen muutoksen jälkeen (ensin ensimmäinen vuosi)",
    },
    "compare_section": {"en": "Comparison", "fi": "Vertailu"},
    "undone": {"en": "Undone: {what}.", "fi": "Kumottu: {what}."},
    "undo_nothing": {"en": "Nothing to undo.", "fi": "Ei kumottavaa."},
    "undo_upload": {
        "en": "Undo cannot take back the upload; choose a bundled scenario to leave it.",
        "fi": "Latausta ei voi kumota; valitse valmis skenaario palataksesi.",
    },
    "exported_changes": {"en": "Changed in the planner:", "fi": "Muutettu suunnittelijassa:"},
    "lever_inactive": {
        "en": "{levers}: no effect under {model}; they act only under {models}.",
        "fi": "{levers}: ei vaikutusta mallissa {model}; vaikuttavat vain mallissa {models}.",
    },
    "add_compare": {"en": "Add to comparison", "fi": "Lisää vertailuun"},
    "clear_compare": {"en": "Clear comparison", "fi": "Tyhjennä vertailu"},
    # status
    "ready": {"en": "Move a lever and press Run.", "fi": "Muuta asetusta ja paina Aja."},
    "running": {
        "en": "Running replication {replication} of {total}…",
        "fi": "Ajetaan toistoa {replication}/{total}…",
    },
    "running_year": {
        "en": "Running year {year} of {years}, replication {replication} of {total}…",
        "fi": "Ajetaan vuotta {year}/{years}, toisto {replication}/{total}…",
    },
    "finished": {
        "en": "All {total} replications finished in {seconds} s.",
        "fi": "Kaikki {total} toistoa valmiina {seconds} s:ssa.",
    },
    "run_failed": {
        "en": "The run stopped on an error in the server (written in its log). Press Run to "
        "try again.",
        "fi": "Ajo keskeytyi palvelimen virheeseen (se on kirjattu palvelimen lokiin). Paina "
        "Aja yrittääksesi uudelleen.",
    },
    "finished_one": {
        "en": "The one replication finished in {seconds} s.",
        "fi": "Ainoa toisto valmiina {seconds} s:ssa.",
    },
    "caption_year": {
        "en": "Year {year} of {years}, replication 1 of {total} (more to come).",
        "fi": "Vuosi {year}/{years}, toisto 1/{total} (lisää tulossa).",
    },
    "caption_first": {
        "en": "Year {years} of {years}, replication 1 of {total} (more to come).",
        "fi": "Vuosi {years}/{years}, toisto 1/{total} (lisää tulossa).",
    },
    "caption_partial": {
        "en": "Year {years} of {years}, mean of replications 1–{n} of {total} (more to come).",
        "fi": "Vuosi {years}/{years}, toistojen 1–{n}/{total} keskiarvo (lisää tulossa).",
    },
    "caption_one": {
        "en": "Year {years} of {years}, the one replication.",
        "fi": "Vuosi {years}/{years}, ainoa toisto.",
    },
    "caption_all": {
        "en": "Year {years} of {years}, mean of all {n} replications.",
        "fi": "Vuosi {years}/{years}, kaikkien {n} toiston keskiarvo.",
    },
    "stale": {
        "en": "Changed since this run — Run to update. The results below are for the "
        "settings before your change.",
        "fi": "Muutettu tämän ajon jälkeen — päivitä painamalla Aja. Alla olevat tulokset "
        "ovat muutosta edeltäviltä asetuksilta.",
    },
    "changes": {"en": "Changes to the scenario", "fi": "Muutokset skenaarioon"},
    "quoted": {"en": "“{name}”", "fi": "”{name}”"},  # each language's own quotation marks
    "no_changes": {
        "en": "no changes: scenario as it is",
        "fi": "ei muutoksia: skenaario sellaisenaan",
    },
    # views
    "view_scorecard": {"en": "KPI scorecard", "fi": "Mittaristo"},
    "view_timeseries": {"en": "Over time", "fi": "Aikasarjat"},
    "view_ledger": {"en": "Ledger", "fi": "Tilikirja"},
    "view_risk": {"en": "Risk profile", "fi": "Riskiprofiili"},
    "view_waiting": {"en": "Waiting", "fi": "Jonot"},
    "view_flows": {"en": "Flows", "fi": "Asiointivirrat"},
    "view_compare": {"en": "Compare", "fi": "Vertailu"},
    "no_results": {"en": "No results yet: press Run.", "fi": "Ei tuloksia vielä: paina Aja."},
    "kpi_to_plot": {"en": "KPI", "fi": "Mittari"},
    # scorecard
    "level_client_value": {"en": "Client value", "fi": "Asiakasarvo"},
    "level_service_process": {"en": "Service process", "fi": "Palveluprosessi"},
    "level_organisation": {"en": "Organisation", "fi": "Organisaatio"},
    "col_kpi": {"en": "KPI", "fi": "Mittari"},
    "col_value": {"en": "Scenario", "fi": "Skenaario"},
    "col_ci": {"en": "95% CI", "fi": "95 %:n lv."},
    "col_baseline": {"en": "Baseline", "fi": "Perustaso"},
    "col_change": {
        "en": "Change (95% CI) against baseline",
        "fi": "Muutos (95 %:n lv.) perustasoon",
    },
    "col_target": {"en": "Target and status", "fi": "Tavoite ja tila"},
    "col_status": {"en": "Against baseline", "fi": "Verrattuna lähtötilanteeseen"},
    "status_better": {"en": "better", "fi": "parempi"},
    "status_worse": {"en": "worse", "fi": "huonompi"},
    "status_no_clear_change": {"en": "no clear change", "fi": "ei selvää muutosta"},
    "status_meets_target": {"en": "meets target", "fi": "tavoite saavutettu"},
    "status_misses_target": {"en": "misses target", "fi": "tavoite ei täyty"},
    "status_care_not_given": {
        "en": "lower cost from care not given",
        "fi": "halvempi, koska hoitoa jäi antamatta",
    },
    "status_no_baseline": {"en": "", "fi": ""},
    "status_no_target": {"en": "", "fi": ""},
    "scorecard_note": {
        "en": "The change is paired on common random numbers against the baseline (the "
        "scenario without your changes).",
        "fi": "Muutos on laskettu pareittain samoilla satunnaisluvuilla perustasoon (skenaario "
        "ilman muutoksiasi) verrattuna.",
    },
    "scorecard_assumed_note": {
        "en": "The assumptions are changed too, so the change includes their effect; the "
        "time series and the risk profile show the baseline under the changed assumptions.",
        "fi": "Myös oletuksia on muutettu, joten muutos sisältää niiden vaikutuksen; "
        "aikasarjat ja riskiprofiili näyttävät perustason muutetuin oletuksin.",
    },
    "baseline": {"en": "Baseline", "fi": "Perustaso"},
    "changed": {"en": "With changes", "fi": "Muutoksin"},
    "year": {"en": "Year", "fi": "Vuosi"},
    # ledger, waiting, flows, compare
    "col_year": {"en": "Year", "fi": "Vuosi"},
    "col_partner": {"en": "Partner", "fi": "Kumppani"},
    "col_cost": {"en": "Costs €", "fi": "Kustannukset €"},
    "col_revenue": {"en": "Revenue €", "fi": "Tulot €"},
    "col_purchase": {"en": "Purchases €", "fi": "Ostot €"},
    "col_result": {"en": "Result €", "fi": "Tulos €"},
    "col_service": {"en": "Channel or service", "fi": "Kanava tai palvelu"},
    "col_arrivals": {"en": "Arrivals / year", "fi": "Saapuneet / vuosi"},
    "col_started": {"en": "Served / year", "fi": "Palvellut / vuosi"},
    "col_abandoned": {"en": "Gave up / year", "fi": "Luopuneet / vuosi"},
    "col_mean_wait": {"en": "Mean wait, days", "fi": "Keskim. odotus, pv"},
    "col_queue_end": {"en": "Queue at end", "fi": "Jono lopussa"},
    "col_scenario": {"en": "Scenario", "fi": "Skenaario"},
    "col_mean": {"en": "Mean", "fi": "Keskiarvo"},
    "col_diff": {"en": "Difference to first (95% CI)", "fi": "Ero ensimmäiseen (95 %:n lv.)"},
    "queue_title": {"en": "Queue at the end of each week", "fi": "Jono kunkin viikon lopussa"},
    "flows_title": {
        "en": "Contacts through channels into services, per year",
        "fi": "Yhteydenotot kanavista palveluihin vuodessa",
    },
    "col_series": {"en": "Series", "fi": "Sarja"},
    "col_p5": {"en": "5th percentile", "fi": "5. persentiili"},
    "col_p95": {"en": "95th percentile", "fi": "95. persentiili"},
    "col_loss": {"en": "Chance of a loss", "fi": "Tappioriski"},  # one long word was too wide
    "risk_title": {
        "en": "Partners' result over the run: 5th–95th percentile and mean",
        "fi": "Kumppanien tulos koko ajalta: 5.–95. persentiili ja keskiarvo",
    },
    "risk_axis": {"en": "Result over the run, €", "fi": "Tulos koko ajalta, €"},
    "risk_note": {
        "en": "Each partner's result (revenue minus costs) summed over the {years} simulated "
        "years, across the replications. A partner whose 5th percentile is below zero carries a "
        "real risk of a loss.",
        "fi": "Kunkin kumppanin tulos (tulot miinus kustannukset) {years} simuloidulta "
        "vuodelta yhteensä, toistoittain. Jos 5. persentiili on alle nollan, kumppanilla on "
        "todellinen tappion riski.",
    },
    "col_unit": {"en": "Unit", "fi": "Yksikkö"},
    "col_over_budget": {"en": "Chance over budget", "fi": "Budjetin ylitysriski"},
    "region_name": {
        "en": "Wellbeing services county (own cost)",
        "fi": "Hyvinvointialue (oma kustannus)",
    },
    "region_chart_name": {"en": "Wellbeing services county", "fi": "Hyvinvointialue"},
    "unit_eur_resident_run": {"en": "€/resident over the run", "fi": "€/asukas koko ajalta"},
    "no_budget_set": {"en": "no budget set", "fi": "budjettia ei asetettu"},
    "risk_region_title": {
        "en": "The region's cost per resident over the run: 5th–95th percentile and mean",
        "fi": "Alueen kustannus asukasta kohden koko ajalta: 5.–95. persentiili ja keskiarvo",
    },
    "risk_region_axis": {
        "en": "Cost over the run, €/resident",
        "fi": "Kustannus koko ajalta, €/asukas",
    },
    "risk_region_note": {
        "en": "The region's row is its own total cost per resident over the run (purchases, "
        "own production, specialist care); its chance over budget compares it with the "
        "scenario's region.budget_eur_per_resident_year for the years run.",
        "fi": "Alueen rivi on sen oma kokonaiskustannus asukasta kohden koko ajalta (ostot, "
        "oma tuotanto, erikoissairaanhoito); budjetin ylitysriski vertaa sitä "
        "skenaarion budjettiin (region.budget_eur_per_resident_year) ajetuilta vuosilta.",
    },
    "accounts_title": {
        "en": "Each partner's gain/pain (limb 3) and KPI reward per year, €",
        "fi": "Kumppanien hyöty/haitta (3. osa) ja KPI-palkkio vuosittain, €",
    },
    "line_gain_pain": {"en": "gain/pain", "fi": "hyöty/haitta"},
    "line_kpi_reward": {"en": "KPI reward", "fi": "KPI-palkkio"},
    "risk_none": {
        "en": "No partner is paid by the region in this scenario (in-house production), so "
        "there is no partner risk to show.",
        "fi": "Tässä skenaariossa alue ei maksa kumppaneille (oma tuotanto), joten "
        "kumppaniriskiä ei ole.",
    },
    "wait_distribution_title": {
        "en": "Waiting time of primary-care contacts, final year",
        "fi": "Perusterveydenhuollon odotusajat, viimeinen vuosi",
    },
    "wait_class_axis": {"en": "Days waited", "fi": "Odotetut päivät"},
    "wait_share_axis": {"en": "Share of contacts, %", "fi": "Osuus asioinneista, %"},
    "days_short": {"en": "d", "fi": "pv"},
    "col_median": {"en": "Median, days", "fi": "Mediaani, pv"},
    "col_p90": {"en": "90th percentile, days", "fi": "90. persentiili, pv"},
    "all_primary_care": {"en": "All primary care", "fi": "Koko perusterveydenhuolto"},
    "wait_distribution_note": {
        "en": "The scenario's contacts started in the final year by days waited, mean share "
        "over the replications; the percentiles pool them.",
        "fi": "Skenaarion viimeisen vuoden asioinnit odotettujen päivien mukaan, osuuksien "
        "keskiarvo toistoista; persentiilit yhdistävät toistot.",
    },
    "compare_empty": {
        "en": "Run a scenario and press “Add to comparison” (up to four).",
        "fi": "Aja skenaario ja paina ”Lisää vertailuun” (enintään neljä).",
    },
    "compare_delta_title": {
        "en": "{level}: change against “{first}”, % of its value, with 95% CI",
        "fi": "{level}: muutos verrattuna skenaarioon ”{first}”, % sen arvosta, 95 %:n lv.",
    },
    "compare_delta_axis": {
        "en": "Change against the first scenario, % of its value",
        "fi": "Muutos ensimmäiseen skenaarioon, % sen arvosta",
    },
    "compare_delta_note": {
        "en": "Each KPI's final-year change against “{first}”, paired on common random "
        "numbers: the dot is the mean change in percent of the value of “{first}”, the whisker its "
        "95% CI (a diamond at the edge: beyond ±100% or a change from zero); beside it the "
        "change in the KPI's own unit and whether it is better or worse. KPIs that do "
        "not change are in the table only.",
        "fi": "Kunkin mittarin viimeisen vuoden muutos verrattuna skenaarioon ”{first}”, "
        "pareittain samoilla satunnaisluvuilla: piste on muutoksen keskiarvo prosentteina "
        "skenaarion ”{first}” arvosta, jana sen 95 %:n luottamusväli (vinoneliö reunassa: "
        "yli ±100 % tai muutos nollasta); "
        "vieressä muutos mittarin omassa yksikössä ja onko se parempi vai huonompi. "
        "Muuttumattomat mittarit ovat vain taulukossa.",
    },
    "compare_name": {"en": "Name in the comparison", "fi": "Nimi vertailussa"},
    "compare_name_placeholder": {
        "en": "e.g. Alliance, 70% gain share",
        "fi": "esim. Allianssi, säästöosuus 70 %",
    },
    "restoring_compare": {
        "en": "Running the link's comparison ({n} scenarios)…",
        "fi": "Ajetaan linkin vertailua ({n} skenaariota)…",
    },
    "restored_compare": {
        "en": "The link's comparison is back: {n} compared.",
        "fi": "Linkin vertailu palautettu: {n} vertailussa.",
    },
    "compare_full": {
        "en": "The comparison holds four scenarios.",
        "fi": "Vertailussa on jo neljä.",
    },
    # export
    "export_section": {"en": "Export", "fi": "Vienti"},
    "export_yaml": {"en": "Scenario YAML", "fi": "Skenaario YAML"},
    "export_csv": {"en": "KPIs CSV", "fi": "Mittarit CSV"},
    "export_parquet": {"en": "KPIs parquet", "fi": "Mittarit parquet"},
    "export_png": {"en": "Chart PNG", "fi": "Kuva PNG"},
    # lever sweep
    "view_sweep": {"en": "Sweep", "fi": "Pyyhkäisy"},
    "sweep_lever": {"en": "Lever to sweep", "fi": "Pyyhkäistävä vipu"},
    "sweep_points": {"en": "Values", "fi": "Arvoja"},
    "sweep_run": {"en": "Run the sweep", "fi": "Aja pyyhkäisy"},
    "sweep_empty": {
        "en": "Pick a lever and press “Run the sweep”: the scenario as it is set now runs at "
        "each value of the lever across its range, on the same random numbers, to show where "
        "it is a win for the partners and for the region.",
        "fi": "Valitse vipu ja paina ”Aja pyyhkäisy”: nykyisin asetuksin oleva skenaario "
        "ajetaan vivun jokaisella arvolla samoilla satunnaisluvuilla, jotta näkyy, missä se "
        "hyödyttää sekä kumppaneita että aluetta.",
    },
    "sweep_note": {
        "en": "{points} of {total} values run, {replications} replications each on the same "
        "random numbers, the other levers as set. Partners and the region: the mean over the "
        "run with the 5th–95th percentile band; KPIs: the final year's mean with its 95% CI.",
        "fi": "{points}/{total} arvoa ajettu, kukin {replications} toistoa samoilla "
        "satunnaisluvuilla, muut vivut asetetuin arvoin. Kumppanit ja alue: koko ajan "
        "keskiarvo ja 5.–95. persentiilin vyö; mittarit: viimeisen vuoden keskiarvo ja sen "
        "95 %:n luottamusväli.",
    },
    "sweep_stale": {
        "en": "Settings changed since this sweep — run it again to update.",
        "fi": "Asetuksia muutettu tämän pyyhkäisyn jälkeen — aja se uudelleen.",
    },
    "sweep_partners_title": {
        "en": "Each partner's result over the run across the lever's values, €",
        "fi": "Kumppanien tulos koko ajalta vivun eri arvoilla, €",
    },
    "sweep_region_title": {
        "en": "The region's cost per resident over the run across the lever's values",
        "fi": "Alueen kustannus asukasta kohden koko ajalta vivun eri arvoilla",
    },
    "sweeping": {
        "en": "Sweeping the lever over {points} values…",
        "fi": "Pyyhkäistään vipua {points} arvolla…",
    },
    "swept": {
        "en": "The sweep over {points} values finished.",
        "fi": "Pyyhkäisy {points} arvolla valmis.",
    },
    # decision brief
    "export_brief": {"en": "Decision brief (HTML)", "fi": "Päätösmuistio (HTML)"},
    "brief_title": {"en": "Decision brief: {name}", "fi": "Päätösmuistio: {name}"},
    "brief_meta": {
        "en": "Made on {date} with the ekosim planner, version {version}. A simulation: "
        "the numbers are the model's, with their uncertainty, not forecasts.",
        "fi": "Laadittu {date} ekosim-suunnittelijalla, versio {version}. Simulaatio: luvut "
        "ovat mallin tuloksia epävarmuuksineen, eivät ennusteita.",
    },
    "brief_changes": {"en": "What is changed", "fi": "Mitä muutetaan"},
    "brief_no_changes": {
        "en": "No changes: the scenario as it is.",
        "fi": "Ei muutoksia: skenaario sellaisenaan.",
    },
    "brief_assumed": {"en": "an assumption, not chosen", "fi": "oletus, ei valittavissa"},
    "brief_weight_of": {
        "en": "Weight of “{kpi}” in the KPI reward",
        "fi": "Mittarin ”{kpi}” paino tulospalkkiossa",
    },
    "brief_results": {"en": "KPI scorecard", "fi": "Mittaristo"},
    "brief_no_results": {
        "en": "No results: the scenario has not been run.",
        "fi": "Ei tuloksia: skenaariota ei ole ajettu.",
    },
    "brief_run": {
        "en": "Years simulated: {years}; replications on common random numbers: "
        "{replications} (seed {seed}); the baseline is the scenario without the changes.",
        "fi": "Simuloidut vuodet: {years}; toistot samoilla satunnaisluvuilla: "
        "{replications} (siemenluku {seed}); perustaso on skenaario ilman muutoksia.",
    },
    "brief_charts": {"en": "Key charts", "fi": "Keskeiset kuvat"},
    "brief_money": {
        "en": "Money and risk: each partner and the region",
        "fi": "Raha ja riski: kumppanit ja alue",
    },
    "brief_compare": {"en": "Compared scenarios", "fi": "Vertaillut skenaariot"},
    "brief_assumptions": {"en": "Assumptions", "fi": "Oletukset"},
    "brief_population": {"en": "Residents simulated", "fi": "Simuloidut asukkaat"},
    "brief_horizon": {"en": "Years simulated", "fi": "Simuloidut vuodet"},
    "brief_contract": {"en": "Contract model", "fi": "Sopimusmalli"},
    "brief_budget": {
        "en": "Region's budget, €/resident/year",
        "fi": "Alueen budjetti, €/asukas/v",
    },
    "brief_assumptions_note": {
        "en": "Demand and vacancies are assumptions the planner cannot choose; the other "
        "figures come from the scenario file, whose sources are in docs/DOMAIN.md.",
        "fi": "Kysyntä ja vajaus ovat oletuksia, joita suunnittelija ei voi valita; muut "
        "luvut tulevat skenaariotiedostosta, jonka lähteet ovat tiedostossa docs/DOMAIN.md.",
    },
    "brief_validation": {"en": "How far the model is validated", "fi": "Mallin validointi"},
    "brief_validation_missing": {
        "en": "The validation report (docs/VALIDATION.md) was not found.",
        "fi": "Validointiraporttia (docs/VALIDATION.md) ei löytynyt.",
    },
    "brief_gaps": {
        "en": "Published figures the model does not yet meet:",
        "fi": "Julkaistut luvut, joita malli ei vielä saavuta:",
    },
    "brief_more": {"en": "and {n} more", "fi": "ja {n} muuta"},
    "brief_validation_note": {
        "en": "From docs/VALIDATION.md, the model beside published figures (THL, Statistics "
        "Finland and others), with each target's source.",
        "fi": "Lähde docs/VALIDATION.md: malli julkaistujen lukujen rinnalla (THL, "
        "Tilastokeskus ym.) kunkin tavoitteen lähteineen.",
    },
    "yes": {"en": "yes", "fi": "kyllä"},
    "no": {"en": "no", "fi": "ei"},
    # names: the fallback where a scenario's part has no label (apps.planner.names)
    "name_channel_phone": {"en": "Phone", "fi": "Puhelin"},
    "name_channel_digital": {"en": "Digital", "fi": "Digitaalinen asiointi"},
    "name_channel_walk_in": {"en": "Walk-in", "fi": "Ilman ajanvarausta"},
    "name_service_waiting_to_be_reached": {
        "en": "Waiting to be reached",
        "fi": "Yhteydensaannin odotus",
    },
    "name_partner_kotitori": {
        "en": "Kotitori (service integrator)",
        "fi": "Kotitori (integraattori)",
    },
    "name_profession_doctor": {"en": "Doctors", "fi": "Lääkärit"},
    "name_profession_nurse": {"en": "Nurses", "fi": "Hoitajat"},
    "name_profession_home_care_nurse": {"en": "Home-care nurses", "fi": "Kotihoidon hoitajat"},
    "name_profession_mental_health_team": {
        "en": "Mental-health teams",
        "fi": "Mielenterveystiimit",
    },
    "name_profession_physiotherapist": {"en": "Physiotherapists", "fi": "Fysioterapeutit"},
    "name_profession_dental_team": {"en": "Dental teams", "fi": "Suunhoidon tiimit"},
    "posts_lever": {
        "en": "{profession}: posts added (+) or removed (−), FTE",
        "fi": "{profession}: lisättävät (+) tai vähennettävät (−) vakanssit, htv",
    },
    # a changed scenario field, in words (apps.planner.names): what changes and its unit
    "field_posts": {"en": "", "fi": ""},
    "unit_posts": {"en": "FTE", "fi": "htv"},
    "field_vacancy_rate": {"en": "unfilled posts", "fi": "täyttämättä"},
    "field_capacity_per_day": {"en": "capacity", "fi": "kapasiteetti"},
    "unit_capacity_per_day": {"en": "a day", "fi": "päivässä"},
    "field_volunteers": {"en": "volunteers", "fi": "vapaaehtoiset"},
    "unit_volunteers": {"en": "persons", "fi": "henkeä"},
    "field_kiosk_hours_per_week": {"en": "kiosk hours", "fi": "pisteen aukiolo"},
    "unit_kiosk_hours_per_week": {"en": "h/week", "fi": "h/vk"},
    # KPI names
    "kpi_wellbeing_who5_mean": {"en": "Well-being (WHO-5)", "fi": "Hyvinvointi (WHO-5)"},
    "kpi_unmet_need_share": {"en": "Unmet need", "fi": "Täyttymätön tarve"},
    "kpi_same_day_contact_share": {
        "en": "Contact answered same day",
        "fi": "Yhteys samana päivänä",
    },
    "kpi_within_guarantee_share": {"en": "Within care guarantee", "fi": "Hoitotakuun sisällä"},
    "kpi_median_wait_days": {"en": "Median wait", "fi": "Odotuksen mediaani"},
    "kpi_p90_wait_days": {"en": "Wait, 90th percentile", "fi": "Odotus, 90. persentiili"},
    "kpi_digital_share": {"en": "Digital share", "fi": "Digitaalinen osuus"},
    "kpi_contacts_per_resident_year": {
        "en": "Contacts per resident",
        "fi": "Yhteydenotot asukasta kohden",
    },
    "kpi_waiting_at_end": {"en": "Waiting at end", "fi": "Jonossa lopussa"},
    "kpi_specialist_care_eur_per_resident_year": {
        "en": "Specialist care per resident",
        "fi": "Erikoissairaanhoito asukasta kohden",
    },
    "kpi_emergency_visits_per_1000_year": {
        "en": "Emergency visits per 1,000",
        "fi": "Päivystyskäynnit / 1 000 asukasta",
    },
    "kpi_inpatient_days_per_1000_year": {
        "en": "Inpatient days per 1,000",
        "fi": "Hoitopäivät / 1 000 asukasta",
    },
    "kpi_specialist_outpatient_visits_per_1000_year": {
        "en": "Specialist outpatient visits per 1,000",
        "fi": "Erikoissairaanhoidon avokäynnit / 1 000 asukasta",
    },
    "kpi_sote_cost_eur_per_resident_year": {
        "en": "Social and health cost per resident",
        "fi": "Sote-kustannus asukasta kohden",
    },
    "kpi_residents": {"en": "Residents", "fi": "Asukkaat"},
    "kpi_deaths_per_1000_year": {"en": "Deaths per 1,000", "fi": "Kuolleet / 1 000 asukasta"},
    "kpi_births_per_1000_year": {"en": "Births per 1,000", "fi": "Syntyneet / 1 000 asukasta"},
    "kpi_share_65_plus": {"en": "Residents aged 65+", "fi": "Yli 65-vuotiaiden osuus"},
    "kpi_t2d_prevalence_30_plus_share": {
        "en": "Type 2 diabetes, aged 30+",
        "fi": "Tyypin 2 diabetes, yli 30-v.",
    },
    "kpi_t2d_incidence_per_1000_adults_year": {
        "en": "New type 2 diabetes per 1,000 adults",
        "fi": "Uudet tyypin 2 diabetekset / 1 000 aikuista",
    },
    "kpi_cost_per_resident_eur_year": {
        "en": "Cost per resident",
        "fi": "Kustannus asukasta kohden",
    },
    "kpi_abandonment_share": {"en": "Left the queue", "fi": "Jonosta poistuneet"},
    "kpi_t3_days": {"en": "T3 (third free appointment)", "fi": "T3 (kolmas vapaa aika)"},
    "kpi_within_14_days_share": {
        "en": "Visits within 14 days",
        "fi": "Käynnit 14 vuorokaudessa",
    },
    "kpi_doctor_visit_share": {"en": "Doctors' share of visits", "fi": "Lääkärikäyntien osuus"},
    "kpi_doctor_within_7_days_share": {
        "en": "Doctor within 7 days",
        "fi": "Lääkärille 7 vuorokaudessa",
    },
    "kpi_doctor_within_14_days_share": {
        "en": "Doctor within 14 days",
        "fi": "Lääkärille 14 vuorokaudessa",
    },
    "kpi_continuity_share": {"en": "Continuity of care", "fi": "Hoidon jatkuvuus"},
    "kpi_diabetics_in_balance_share": {
        "en": "Diabetics in treatment balance",
        "fi": "Diabeetikot hoitotasapainossa",
    },
    "kpi_transition_gap_days": {
        "en": "Discharge to home care",
        "fi": "Kotiutuksesta kotihoitoon",
    },
    "kpi_readmission_30d_share": {
        "en": "Readmitted within 30 days",
        "fi": "Uusi sairaalajakso 30 päivässä",
    },
    "kpi_remote_share": {"en": "Resolved remotely", "fi": "Etäasiointina hoidetut"},
    "kpi_primary_care_contacts_per_resident_year": {
        "en": "Primary-care contacts per resident",
        "fi": "Perusterveydenhuollon käynnit asukasta kohden",
    },
    "kpi_home_care_share_75_84": {
        "en": "In home care, aged 75–84",
        "fi": "Kotihoidossa, 75–84-vuotiaat",
    },
    "kpi_home_care_share_85_94": {
        "en": "In home care, aged 85–94",
        "fi": "Kotihoidossa, 85–94-vuotiaat",
    },
    "kpi_home_care_share_95_plus": {
        "en": "In home care, aged 95+",
        "fi": "Kotihoidossa, 95 vuotta täyttäneet",
    },
    "kpi_home_care_clients_per_1000": {
        "en": "Home-care clients per 1,000 residents",
        "fi": "Kotihoidon asiakkaat / 1 000 asukasta",
    },
    "kpi_home_care_clients_under_75_share": {
        "en": "Home-care clients under 75",
        "fi": "Alle 75-vuotiaiden osuus kotihoidon asiakkaista",
    },
    "kpi_home_care_visits_per_resident_year": {
        "en": "Home-care visits per resident",
        "fi": "Kotihoidon käynnit asukasta kohden",
    },
    "kpi_care_24h_share_75_plus": {
        "en": "In 24-hour service housing, 75+",
        "fi": "Tehostetussa palveluasumisessa, 75+",
    },
    "kpi_care_24h_waiting": {
        "en": "Waiting for 24-hour service housing",
        "fi": "Tehostettua palveluasumista jonottavat",
    },
    "kpi_care_24h_eur_per_resident_year": {
        "en": "24-hour housing and family care per resident",
        "fi": "Ympärivuorokautinen hoiva ja omaishoito asukasta kohden",
    },
    "kpi_home_care_visits_missed_share": {
        "en": "Home-care visits missed",
        "fi": "Toteutumattomat kotihoidon käynnit",
    },
    "kpi_ngo_share": {"en": "Taken by NGOs", "fi": "Järjestöjen palveluihin ohjatut"},
    "kpi_contact_wait_days_p90": {
        "en": "Wait to be reached, 90th percentile",
        "fi": "Yhteyden saamisen odotus, 90. persentiili",
    },
    "kpi_contact_abandonment_share": {
        "en": "Gave up at the front door",
        "fi": "Luopui yhteydenotosta",
    },
    "kpi_unmet_care_emergencies_per_1000_year": {
        "en": "Emergencies from care not given per 1,000",
        "fi": "Saamatta jääneen hoidon päivystyskäynnit / 1 000",
    },
    "kpi_home_service_satisfaction": {
        "en": "Satisfied with home services",
        "fi": "Tyytyväisyys kotipalveluihin",
    },
    "kpi_home_service_orders_unmet_share": {
        "en": "Home-service orders unmet",
        "fi": "Toteutumattomat kotipalvelutilaukset",
    },
    "kpi_leased_visits_per_day": {
        "en": "Visits by leased staff per day",
        "fi": "Vuokrahenkilöstön käynnit päivässä",
    },
    "kpi_child_wellbeing_index": {
        "en": "Children's and young people's well-being",
        "fi": "Lasten ja nuorten hyvinvointi",
    },
    "kpi_work_ability_mean": {"en": "Work ability (WAS)", "fi": "Työkyky (WAS)"},
    "kpi_sickness_absence_days_per_working_age_year": {
        "en": "Sickness absence per working-age resident",
        "fi": "Sairauspoissaolot työikäistä kohden",
    },
    "kpi_functional_ability_mean_65_plus": {
        "en": "Functional ability, 65+",
        "fi": "Toimintakyky, 65+",
    },
    "kpi_living_at_home_share_75_plus": {
        "en": "Living at home, 75+",
        "fi": "Kotona asuvat, 75+",
    },
    "kpi_entries_24h_care_per_1000_75_plus_year": {
        "en": "Moves to 24-hour care per 1,000 aged 75+",
        "fi": "Siirrot ympärivuorokautiseen hoivaan / 1 000 yli 75-v.",
    },
    "kpi_specialist_care_visits_per_1000_year": {
        "en": "Specialist-care use per 1,000 residents",
        "fi": "Erikoissairaanhoidon käyttö / 1 000 asukasta",
    },
    "kpi_client_nps": {"en": "Client satisfaction (NPS)", "fi": "Asiakastyytyväisyys (NPS)"},
    "kpi_staff_satisfaction_index": {
        "en": "Staff satisfaction",
        "fi": "Henkilöstön tyytyväisyys",
    },
    "kpi_hand_off_days": {
        "en": "Hand-off time between services",
        "fi": "Siirtoaika palvelujen välillä",
    },
    "kpi_duplicate_assessment_share": {
        "en": "Duplicate needs assessments",
        "fi": "Päällekkäiset palvelutarpeen arviot",
    },
    "kpi_lost_referral_share": {"en": "Lost referrals", "fi": "Kadonneet lähetteet"},
}


CATALOGUE = Catalogue(TEXTS)

# A scenario's problems in Finnish: the messages of the schema's types and ranges, the loader
# and the YAML reader, by pattern (the first that matches); a scenario check of its own beyond
# these is shown as it is written, in English, and says so.
PROBLEMS_FI: tuple[tuple[str, str], ...] = (
    (r"required field is missing", "pakollinen kenttä puuttuu"),
    (r"unknown field; did you mean '(.*)'\?", r"tuntematon kenttä; tarkoititko '\1'?"),
    (r"unknown field", "tuntematon kenttä"),
    (r"input should be less than or equal to (.*)", r"arvon on oltava enintään \1"),
    (r"input should be greater than or equal to (.*)", r"arvon on oltava vähintään \1"),
    (r"input should be less than (.*)", r"arvon on oltava alle \1"),
    (r"input should be greater than (.*)", r"arvon on oltava yli \1"),
    (r"input should be a valid integer.*", "arvon on oltava kokonaisluku"),
    (r"input should be a valid number.*", "arvon on oltava luku"),
    (r"input should be a valid boolean.*", "arvon on oltava true tai false"),
    (r"input should be a valid string.*", "arvon on oltava tekstiä"),
    (r"input should be a valid dictionary.*", "arvon on oltava kenttien joukko"),
    (r"input should be a valid list.*", "arvon on oltava luettelo"),
    (r"input should be a valid date.*", "arvon on oltava päivämäärä (VVVV-KK-PP)"),
    (r"input should be ('.*') or ('.*')", r"arvon on oltava jokin näistä: \1 tai \2"),
    (r"input should be ('.*')", r"arvon on oltava \1"),
    (r"must name a bundled scenario \((.*)\)", r"on oltava valmiin skenaarion nimi (\1)"),
    (r"not valid YAML: (.*)", r"ei kelvollista YAMLia: \1"),
    (r"bad value: (.*)", r"virheellinen arvo: \1"),
    (
        r"duplicate key \(first given on line (\d+)\)",
        r"sama avain toiseen kertaan (ensin rivillä \1)",
    ),
    (r"keys must be plain names", "avainten on oltava pelkkiä nimiä"),
    (r"file is empty", "tiedosto on tyhjä"),
    (r"file is larger than ([\d,]+) bytes", r"tiedosto on suurempi kuin \1 tavua"),
    (r"the top level must be a mapping of fields", "ylimmän tason on oltava kenttien joukko"),
)


def problem_words(message: str, language: str) -> str:
    """A scenario problem's message in ``language`` (the model writes them in English)."""
    if language == "en":
        return message
    for pattern, written in PROBLEMS_FI:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, written, message)
    return f"{message} {text('untranslated', language)}"


def text(key: str, language: str, **values: object) -> str:
    """The text for ``key`` in ``language``; a missing one raises ``KeyError`` naming it."""
    return CATALOGUE(key, language, **values)


def kpi_name(kpi: str, language: str) -> str:
    return CATALOGUE(f"kpi_{kpi}", language)


def number(value: float, language: str, decimals: int = 0) -> str:
    """1234567.5 -> '1,234,568' (en) or '1 234 568' (fi, with no-break spaces); nan -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    formatted = f"{value:,.{decimals}f}"
    if language == "fi":
        formatted = formatted.replace(",", "\u00a0").replace(".", ",").replace("-", "−")
    return formatted


def change(value: float, unit: str, language: str) -> str:
    """A signed change: fractions in percentage points, else as ``quantity``; one too small
    to show is a plain zero ("+0.0", not "-0.0")."""
    if rounds_to_zero(value, unit):
        value = 0.0
    if unit == "fraction":
        shown = f"{number(100 * value, language, 1)}\u00a0{text('points', language)}"
    else:
        shown = quantity(value, unit, language)
    return shown if shown.startswith(("-", "−")) else f"+{shown}"


def quantity(value: float, unit: str, language: str) -> str:
    """A KPI value in its unit: fractions as percentages, euros whole, small ones with decimals."""
    decimals = shown_decimals(value, unit)
    if unit == "fraction":
        return f"{number(100 * value, language, decimals)}\u00a0%"
    if unit.startswith("EUR"):
        return f"{number(value, language, decimals)}\u00a0€"
    return number(value, language, decimals)


def shown_decimals(value: float, unit: str) -> int:
    """The decimals a value of ``unit`` is shown with (fractions: of its percentage)."""
    if unit == "fraction" or unit == "WHO-5 %":
        return 1
    if unit.startswith("EUR"):
        return 0
    return 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2


def rounds_to_zero(value: float, unit: str) -> bool:
    """Whether a change is shown as zero in its unit (fractions as percentage points)."""
    scaled = 100 * value if unit == "fraction" else value
    return round(scaled, shown_decimals(value, unit)) == 0


def unit_label(unit: str, language: str) -> str:
    labels: dict[str, str | dict[str, str]] = {
        "fraction": "%",
        "EUR/resident/year": {"en": "€/resident/yr", "fi": "€/asukas/v"},
        "days": {"en": "days", "fi": "pv"},
        "contacts": {"en": "contacts", "fi": "asiointia"},
        "contacts/resident/year": {"en": "per resident/yr", "fi": "/asukas/v"},
        "WHO-5 %": "0–100",
        "index 0-100": "0–100",
        "WAS 0-10": "0–10",
        "0-1": "0–1",
        "NPS -100..100": "−100…100",
        "days/resident/year": {"en": "days/resident/yr", "fi": "pv/asukas/v"},
        "per 1,000 aged 75+/year": {"en": "/1,000 aged 75+/yr", "fi": "/1 000 yli 75-v./v"},
        "per 1,000 residents/year": {"en": "/1,000 residents/yr", "fi": "/1 000 asukasta/v"},
        "per 1,000 adults/year": {"en": "/1,000 adults/yr", "fi": "/1 000 aikuista/v"},
        "residents": {"en": "residents", "fi": "asukasta"},
        "visits/day": {"en": "visits/day", "fi": "käyntiä/pv"},
        "per 1,000 residents": {"en": "/1,000 residents", "fi": "/1 000 asukasta"},
        "visits/resident/year": {"en": "visits/resident/yr", "fi": "käyntiä/asukas/v"},
        "persons": {"en": "persons", "fi": "henkeä"},
    }
    label = labels[unit]  # a unit without a label is a KeyError, found by the tests
    return label if isinstance(label, str) else label[language]
