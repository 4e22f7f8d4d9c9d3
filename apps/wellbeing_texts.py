"""Every text of the well-being app in Finnish and English, in one catalogue.

``text(key, language, **values)`` looks a text up and fills in ``{placeholders}``; it is the
shared ``apps.i18n.Catalogue``, so a missing key or language raises ``KeyError`` and a gap shows
up in the tests, not as a key on the page. The questions' labels come from their declaration
(``apps.wellbeing_answers``); the texts here are everything else.
"""

from __future__ import annotations

from collections.abc import Mapping

from apps import i18n
from apps.wellbeing_answers import labels

LANGUAGES = {"fi": "Suomi", "en": "English"}  # code -> the language's name in itself
if tuple(LANGUAGES) != i18n.LANGUAGES:
    raise RuntimeError(f"the well-being app's languages {tuple(LANGUAGES)} are not the shared ones")

APP_TEXTS: dict[str, dict[str, str]] = {
    "title": {"fi": "Hyvinvointini", "en": "My well-being"},
    "intro": {
        "fi": "Kokeile, mikä auttaisi sinua voimaan hyvin. Vastaukset pysyvät vain tällä "
        "laitteella.",
        "en": "Try out what would help you feel well. Your answers stay on this device only.",
    },
    "language": {"fi": "Kieli", "en": "Language"},
    "step_of": {"fi": "Vaihe {step} / {steps}", "en": "Step {step} of {steps}"},
    "next": {"fi": "Seuraava", "en": "Next"},
    "back": {"fi": "Takaisin", "en": "Back"},
    "see_results": {"fi": "Näytä tulokset", "en": "Show my results"},
    "start_over": {"fi": "Muokkaa vastauksia", "en": "Edit my answers"},
    # steps
    "step_basics": {"fi": "Perustiedot", "en": "About you"},
    "step_who5": {
        "fi": "Mieliala kahden viime viikon aikana",
        "en": "Your mood over the last two weeks",
    },
    "step_findrisc": {"fi": "Terveys ja elintavat", "en": "Health and daily habits"},
    "step_habits": {"fi": "Alkoholi, tupakka ja uni", "en": "Alcohol, smoking and sleep"},
    "step_social": {"fi": "Ihmiset ympärilläsi", "en": "People around you"},
    "step_results": {"fi": "Tuloksesi", "en": "Your results"},
    "bmi_is": {"fi": "Painoindeksisi on {bmi}.", "en": "Your body mass index is {bmi}."},
    # impossible answers
    "check_answers": {
        "fi": "Tarkistaisitko nämä vastaukset? Ne eivät vielä näytä mahdollisilta:",
        "en": "Could you check these answers? They don't look possible yet:",
    },
    "answer_first": {
        "fi": "Vastaathan vielä näihin kysymyksiin:",
        "en": "Please answer these questions first:",
    },
    "not_a_number": {
        "fi": "Kirjoita luku numeroina, esimerkiksi 6,5.",
        "en": "Please write a number in digits, for example 6.5.",
    },
    "unknown_note": {
        "fi": "Vastasit ”en tiedä”: {questions}. Se laskettiin vastaukseksi ”ei”; jos "
        "vastaus on kyllä, riskisi on suurempi kuin tässä.",
        "en": "You answered “I don't know” to: {questions}. It was counted as “no”; if the "
        "answer is yes, your risk is higher than shown here.",
    },
    "limit_age": {
        "fi": "ikä: anna ikä vuosina väliltä {low}–{high}",
        "en": "age: please give your age in years, between {low} and {high}",
    },
    "limit_height_cm": {
        "fi": "pituus: {low}–{high} cm",
        "en": "height: between {low} and {high} cm",
    },
    "limit_weight_kg": {
        "fi": "paino: {low}–{high} kg",
        "en": "weight: between {low} and {high} kg",
    },
    "limit_bmi": {
        "fi": "painoindeksi {bmi} ei ole mahdollinen (pitäisi olla {low}–{high}); "
        "tarkista pituus ja paino",
        "en": "a body mass index of {bmi} is not possible (it should be {low}–{high}); "
        "please check your height and weight",
    },
    "limit_waist_cm": {
        "fi": "vyötärönympärys: {low}–{high} cm",
        "en": "waist: between {low} and {high} cm",
    },
    "limit_sleep_hours": {
        "fi": "uni: {low}–{high} tuntia yössä",
        "en": "sleep: between {low} and {high} hours a night",
    },
    # results
    "who5_title": {"fi": "Mielialasi", "en": "Your mood"},
    "who5_score": {"fi": "{percent} / 100", "en": "{percent} out of 100"},
    "who5_good": {
        "fi": "Hyvinvointisi näyttää nyt hyvältä. Jatka sitä, mikä tekee sinulle hyvää.",
        "en": "Your well-being looks good right now. Keep doing what does you good.",
    },
    "who5_poor": {
        "fi": "Vastauksesi kertovat, että olosi on ollut viime aikoina tavallista raskaampi. "
        "Se on yleistä, ja se voi muuttua. Juttele jonkun luotettavan kanssa tai "
        "terveysasemasi hoitajan kanssa, jos se tuntuu hyvältä.",
        "en": "Your answers suggest things have felt heavier than usual lately. That is "
        "common, and it can change. Talking with someone you trust, or with a nurse at your "
        "health station, can help.",
    },
    "who5_likely_depression": {
        "fi": "Vastauksesi kertovat, että olet voinut huonosti jo jonkin aikaa. Sinun ei "
        "tarvitse jäädä yksin: ota yhteyttä terveysasemaasi, tai soita MIELI ry:n "
        "kriisipuhelimeen 09 2525 0111.",
        "en": "Your answers suggest you have been feeling low for a while. You don't have to "
        "carry this alone: please contact your health station, or call the MIELI crisis line "
        "09 2525 0111.",
    },
    "findrisc_title": {"fi": "Diabetesriskisi", "en": "Your diabetes risk"},
    "findrisc_score": {"fi": "{points} pistettä 26:sta", "en": "{points} points out of 26"},
    "findrisc_text": {
        "fi": "Arviolta {risk} samanlaisista ihmisistä sairastuu tyypin 2 diabetekseen "
        "kymmenessä vuodessa. {advice}",
        "en": "About {risk} of people with answers like yours get type 2 diabetes within ten "
        "years. {advice}",
    },
    "findrisc_low": {
        "fi": "Riski on pieni – hienoa!",
        "en": "That is a low risk – well done!",
    },
    "findrisc_slightly_elevated": {
        "fi": "Riski on hieman koholla; pienetkin muutokset auttavat.",
        "en": "The risk is slightly raised; small changes already help.",
    },
    "findrisc_moderate": {
        "fi": "Riski on kohtalainen. Liikunta ja ruokavalio voivat puolittaa sen.",
        "en": "The risk is moderate. Exercise and diet can halve it.",
    },
    "findrisc_high": {
        "fi": "Riski on suuri, mutta siihen voi vaikuttaa paljon. Verensokerin mittaus "
        "terveysasemalla kannattaa.",
        "en": "The risk is high, but you can change a lot of it. A blood-sugar test at your "
        "health station is worth doing.",
    },
    "findrisc_very_high": {
        "fi": "Riski on hyvin suuri. Varaa aika verensokerin mittaukseen; elintavoilla voit "
        "silti vaikuttaa paljon.",
        "en": "The risk is very high. Please book a blood-sugar test; your habits can still "
        "change a lot.",
    },
    "severity_ok": {"fi": "✓ Hyvä tilanne", "en": "✓ Looks good"},
    "severity_attention": {"fi": "! Kannattaa huomioida", "en": "! Worth your attention"},
    "severity_serious": {
        "fi": "‼ Tärkeää: katso alta, mistä saat apua",
        "en": "‼ Important: see below where to get help",
    },
    "auditc_title": {"fi": "Alkoholi (AUDIT-C)", "en": "Alcohol (AUDIT-C)"},
    "auditc_score": {"fi": "{score} pistettä 12:sta", "en": "{score} points out of 12"},
    "auditc_below": {
        "fi": "Pisteesi jäävät alle riskirajan ({cut_off} pistettä). Arviolta {drinks} annosta "
        "viikossa.",
        "en": "Your score is below the risk cut-off ({cut_off} points). About {drinks} drinks "
        "a week.",
    },
    "auditc_positive": {
        "fi": "Pisteesi ylittävät riskirajan ({cut_off} pistettä): juominen voi jo haitata "
        "terveyttä. Arviolta {drinks} annosta eli {grams} g alkoholia viikossa; alle 100 g "
        "viikossa on terveydelle turvallisempaa.",
        "en": "Your score is at or above the risk cut-off ({cut_off} points): drinking may "
        "already harm your health. About {drinks} drinks, {grams} g of alcohol, a week; under "
        "100 g a week is kinder to your health.",
    },
    "drink_is": {
        "fi": "Yksi annos on 12 g alkoholia: pullo (33 cl) keskiolutta tai siideriä, lasi "
        "(12 cl) mietoa viiniä, 8 cl väkevää viiniä tai 4 cl väkevää alkoholia.",
        "en": "One drink (annos) is 12 g of alcohol: a 33 cl bottle of medium-strength beer or "
        "cider, a 12 cl glass of wine, 8 cl of fortified wine or 4 cl of spirits.",
    },
    "help_title": {"fi": "Mistä saat apua", "en": "Where to get help"},
    "help_crisis": {
        "fi": "Jos olo on raskas, soita MIELI ry:n Kriisipuhelimeen: "
        '<a href="tel:+358925250111">09 2525 0111</a>.',
        "en": "If things feel heavy, call the MIELI crisis line: "
        '<a href="tel:+358925250111">09 2525 0111</a>.',
    },
    "help_mood": {
        "fi": "Mielialasta voi puhua terveysasemasi hoitajan tai lääkärin kanssa.",
        "en": "You can talk about your mood with a nurse or doctor at your health station.",
    },
    "help_glucose": {
        "fi": "Pyydä terveysasemalta verensokerin mittaus: suuri riski kannattaa tarkistaa.",
        "en": "Ask your health station for a blood-sugar test: a high risk is worth checking.",
    },
    "help_alcohol": {
        "fi": "Alkoholista voi puhua luottamuksellisesti terveysasemasi hoitajan kanssa.",
        "en": "You can talk about alcohol in confidence with a nurse at your health station.",
    },
    "help_booking": {
        "fi": "Ajan saat soittamalla terveysasemallesi tai verkossa: "
        '<a href="https://www.omaolo.fi">Omaolo (omaolo.fi)</a>.',
        "en": "Book by calling your health station, or online: "
        '<a href="https://www.omaolo.fi">Omaolo (omaolo.fi)</a>.',
    },
    "help_emergency": {
        "fi": 'Hätätilanteessa soita <a href="tel:112">112</a>.',
        "en": 'In an emergency, call <a href="tel:112">112</a>.',
    },
    "health_age_title": {"fi": "Terveysikäsi", "en": "Your health age"},
    "health_age_text": {
        "fi": "Sydämesi ja elimistösi riskit vastaavat mallissa {health_age}-vuotiasta, jolla "
        "on suotuisat elintavat (ikäsi: {age}).",
        "en": "In the model, your heart and life risks match those of a {health_age}-year-old "
        "with favourable habits (your age: {age}).",
    },
    "health_age_plan": {
        "fi": "Valitsemillasi teoilla: {health_age}.",
        "en": "With the actions you chose: {health_age}.",
    },
    "health_age_headline": {
        "fi": "{now} → suunnitelmallasi {plan}",
        "en": "{now} → with your plan {plan}",
    },
    "lifetime_smoking": {
        "fi": "Koko elämän mittakaavassa: tupakoinnin lopettaminen {age}-vuotiaana lisää "
        "elinikää keskimäärin noin {years} vuotta (Jha ym. 2013), kun pysyt savuttomana. "
        "Kymmenen vuoden kuva näyttää siitä vain alun.",
        "en": "Over a lifetime: quitting smoking at {age} adds about {years} years of life on "
        "average (Jha et al. 2013), if you stay smoke-free. The ten-year chart shows only the "
        "start of it.",
    },
    "lifetime_title": {"fi": "Koko elämän mittakaavassa", "en": "Over a lifetime"},
    "lifetime_now": {
        "fi": "Mallin mukaan sinunlaisesi ihminen elää nykyisillä tavoilla keskimäärin noin "
        "{life}-vuotiaaksi, ja terveitä vuosia (ilman diabetesta, sydänsairautta, "
        "haurautta tai muistisairautta) on keskimäärin noin {healthy} ikävuoteen asti.",
        "en": "In the model, a person like you lives on average to about {life} with current "
        "habits, with healthy years (without diabetes, heart disease, frailty or dementia) "
        "up to about {healthy} on average.",
    },
    "lifetime_plan": {
        "fi": "Suunnitelmallasi: noin {life} ja {healthy}. Se on keskimäärin {gain} vuotta "
        "lisää elämää (95 %:n väli {low}–{high}) ja {healthy_gain} tervettä vuotta lisää "
        "({healthy_low}–{healthy_high}).",
        "en": "With your plan: about {life} and {healthy}. That is on average {gain} more years "
        "of life (95% range {low} to {high}) and {healthy_gain} more healthy years "
        "({healthy_low} to {healthy_high}).",
    },
    "lifetime_best": {
        "fi": "Eniten elinvuosia toisi mallissa: {action}, keskimäärin {gain} vuotta (95 %:n "
        "väli {low}–{high}).",
        "en": "What would add the most years of life in the model: {action}, on average {gain} "
        "years (95% range {low} to {high}).",
    },
    "lifetime_spread": {
        "fi": "Yksi elämä vaihtelee paljon: kymmenestä kaltaisestasi yksi kuolisi ennen "
        "{early} vuoden ikää ja yksi eläisi yli {late}-vuotiaaksi.",
        "en": "A single life varies a lot: of ten people like you, one would die before {early} "
        "and one would live past {late}.",
    },
    "lifetime_assumes": {
        "fi": "Laskelma olettaa, että pidät tavan koko loppuelämäsi. Se on laskettu {runs} "
        "elämällä; 95 %:n väli kertoo laskennan tarkkuuden. Tutkimusten vaikutusarvioiden omaa "
        "epävarmuutta se ei sisällä.",
        "en": "The projection assumes you keep the habit for the rest of your life. It is "
        "worked out over {runs} lives; the 95% range says how precise that is. It does not "
        "include the uncertainty of the studies' effect sizes themselves.",
    },
    "lifetime_compare": {
        "fi": "Mallin oma laskelma antaa tupakoinnin lopettamiselle {model} vuotta. Se on "
        "tutkimusta varovaisempi, koska mallin lopettamisen vaikutus on johdettu "
        "45–54-vuotiaana lopettaneiden luvusta.",
        "en": "The model's own projection gives quitting smoking {model} years. It is more "
        "cautious than the study, because the model's effect of quitting is derived from the "
        "figure for those who quit at 45–54.",
    },
    "health_age_method": {
        "fi": "Menetelmä: kuolemanvaaran ja sydäntapahtuman vaaran vuositaso verrattuna "
        "viitehenkilöön (mallista johdettu, ei FINRISKI-laskuri).",
        "en": "Method: your yearly hazard of death or a heart event compared with a reference "
        "person (derived from the model, not the FINRISKI calculator).",
    },
    # twin and plan
    "twin_title": {"fi": "Digitaalinen kaksosesi", "en": "Your digital twin"},
    "twin_intro": {
        "fi": "Kaksosesi elää {years} vuotta {runs} kertaa: harmaa nykyisillä tavoilla, "
        "vihreä valitsemillasi teoilla. Viiva on keskimmäinen elämä; tummempi varjostus "
        "kattaa puolet elämistä (25.–75. persentiili), vaaleampi 8/10 (10.–90.). Ennuste "
        "olettaa, että pidät tavat, ja hyvinvointi muuttuu vain niiden ja terveyden mukana: "
        "se ei parane itsestään.",
        "en": "Your twin lives {years} years, {runs} times: grey with your current habits, green "
        "with the actions you choose. The line is the middle life; the darker shading holds "
        "half of the lives (25th–75th percentile), the lighter 8 in 10 (10th–90th). The "
        "projection assumes you keep the habits, and well-being moves only with them and "
        "your health: it does not improve by itself.",
    },
    "choose_actions": {"fi": "Valitse kokeiltavat teot", "en": "Choose actions to try"},
    "local_activities": {
        "fi": "Lähellä sinua ({area}): ryhmään voi tulla mukaan näin",
        "en": "Near you ({area}): ways to join a group",
    },
    "ngo_kiosk": {
        "fi": "{name}: matalan kynnyksen terveyskioski, {hours} tuntia viikossa",
        "en": "{name}: a walk-in health kiosk, {hours} hours a week",
    },
    "ngo_groups": {
        "fi": "{name}: vertais- ja harrasteryhmiä, {volunteers} vapaaehtoista vetäjää",
        "en": "{name}: peer and hobby groups led by {volunteers} volunteers",
    },
    "no_actions": {
        "fi": "Valitse yksi teko, niin näet, mitä se tekisi sinulle.",
        "en": "Pick one action to see what it would do for you.",
    },
    "chart_wellbeing": {"fi": "Hyvinvointi (WHO-5, 0–100)", "en": "Well-being (WHO-5, 0–100)"},
    "chart_risk": {
        "fi": "Diabetes- ja sydänriski (%), kertymä",
        "en": "Diabetes and heart risk (%), cumulative",
    },
    "years_from_now": {"fi": "vuotta tästä", "en": "years from now"},
    "current_habits": {"fi": "nykyiset tavat", "en": "current habits"},
    "with_plan": {"fi": "suunnitelmalla", "en": "with your plan"},
    "diabetes": {"fi": "diabetes", "en": "diabetes"},
    "heart": {"fi": "sydän", "en": "heart"},
    "plan_summary": {
        "fi": "Terveitä vuosia seuraavasta {years}: {current} nykyisillä tavoilla, {planned} "
        "suunnitelmallasi. Suunnitelmasi muuttaa mallin ennustamaa diabetesriskiäsi "
        "{years} vuodessa: {d_now} → {d_plan}; sydäntapahtuman riskiä: {c_now} → {c_plan}.",
        "en": "Healthy years out of the next {years}: {current} with current habits, {planned} "
        "with your plan. Your plan changes the model's projection of your diabetes risk in "
        "{years} years: {d_now} → {d_plan}; of a heart event: {c_now} → {c_plan}.",
    },
    "two_diabetes_figures": {
        "fi": "Diabetesriskisi on kortin luku, {findrisc}: FINDRISC-lomakkeen tutkittu arvio "
        "sille, kuinka moni samat pisteet saaneista sairastui kymmenessä vuodessa. Kuvan "
        "{model} on mallin ennuste juuri sinun vastauksillasi, tavat ennallaan; se eroaa, "
        "koska pisteryhmän keskiarvo ei ole sinä. Katso kuvasta, paljonko suunnitelma "
        "muuttaa riskiä, ja kortista riski itse.",
        "en": "Your diabetes risk is the card's figure, {findrisc}: the FINDRISC form's "
        "validated estimate of how many people with your score got diabetes within ten "
        "years. The chart's {model} is the model's projection for your exact answers, habits "
        "kept as they are; it differs because your score band's average is not you. Read the "
        "chart for how much your plan changes the risk, and the card for the risk itself.",
    },
    "why_inactive": {
        "fi": "liikut alle 30 minuuttia päivässä",
        "en": "you are active less than 30 minutes a day",
    },
    "why_overweight": {"fi": "painoindeksisi on {bmi}", "en": "your body mass index is {bmi}"},
    "why_smoker": {"fi": "tupakoit", "en": "you smoke"},
    "why_over_100g": {
        "fi": "alkoholia kertyy noin {grams} g viikossa",
        "en": "about {grams} g of alcohol a week",
    },
    "why_short_sleep": {
        "fi": "nukut {hours} tuntia yössä",
        "en": "you sleep {hours} hours a night",
    },
    "why_lonely": {"fi": "tunnet itsesi usein yksinäiseksi", "en": "you often feel lonely"},
    "nothing_fits": {
        "fi": "Tavoissasi ei ole nyt mitään, mihin tarjoamamme teot sopisivat. Hienoa – pidä "
        "niistä kiinni!",
        "en": "None of the actions we offer fits your habits now. Well done – keep them up!",
    },
    "ranking_title": {"fi": "Mikä auttaisi sinua eniten", "en": "What would help you most"},
    "ranking_row": {
        "fi": "{action}: +{years} tervettä vuotta 10 vuodessa, +{life} elinvuotta koko "
        "elämässä, hyvinvointi {points:+} (asteikolla 0–100)",
        "en": "{action}: +{years} healthy years in 10 years, +{life} years of life over a "
        "lifetime, well-being {points:+} (on a 0–100 scale)",
    },
    "action_exercise-150": {"fi": "Liikuntaa 150 min viikossa", "en": "Exercise 150 min a week"},
    "action_vegetables-weight-loss": {
        "fi": "Kasviksia päivittäin ja 5 % painonpudotus",
        "en": "Daily vegetables and losing 5% of weight",
    },
    "action_quit-smoking": {"fi": "Tupakoinnin lopettaminen", "en": "Quit smoking"},
    "action_alcohol-under-100g": {
        "fi": "Alkoholia alle 100 g viikossa",
        "en": "Alcohol under 100 g a week",
    },
    "action_sleep-7-8h": {"fi": "Unta 7–8 tuntia", "en": "Sleep 7–8 hours"},
    "action_social-participation": {
        "fi": "Mukaan ryhmään tai yhdistykseen",
        "en": "Join a group or association",
    },
    # game
    "game_title": {"fi": "Viikkosi", "en": "Your week"},
    "game_intro": {
        "fi": "Merkitse kerran viikossa, mitä teit. Tauko on aina sallittu, eikä väliin jäänyt "
        "viikko vie pisteitä.",
        "en": "Once a week, tick what you did. A rest week is always fine, and a missed week "
        "never takes points away.",
    },
    "did_action": {"fi": "Tein tällä viikolla: {action}", "en": "I did this week: {action}"},
    "check_in": {"fi": "Kirjaa viikko", "en": "Check in this week"},
    "week_done": {
        "fi": "Tämä viikko on kirjattu. Seuraavan voit kirjata maanantaina.",
        "en": "This week is checked in. You can check in the next one on Monday.",
    },
    "rest_week": {"fi": "Pidän taukoviikon", "en": "Take a rest week"},
    "choose_first": {
        "fi": "Valitse ensin ainakin yksi teko yltä.",
        "en": "Choose at least one action above first.",
    },
    "game_status": {
        "fi": "Viikko {week} · Taso {level} · {points} pistettä ({to_next} seuraavaan tasoon) · "
        "Viikkoja putkeen {streak} (paras {best})",
        "en": "Week {week} · Level {level} · {points} points ({to_next} to the next level) · "
        "Weeks in a row {streak} (best {best})",
    },
    "away_note": {
        "fi": "Tervetuloa takaisin, kun olet valmis – uusi putki alkaa mistä tahansa viikosta.",
        "en": "Welcome back whenever you're ready – a new streak can start any week.",
    },
    "badges_title": {"fi": "Merkit", "en": "Badges"},
    "no_badges": {
        "fi": "Ensimmäinen merkki tulee ensimmäisestä kirjatusta viikosta.",
        "en": "Your first badge comes with your first check-in.",
    },
    "badge_first_step": {"fi": "Ensimmäinen askel", "en": "First step"},
    "badge_whole_plan": {"fi": "Koko suunnitelma", "en": "Whole plan"},
    "badge_streak_4": {"fi": "Neljän viikon putki", "en": "Four-week streak"},
    "badge_streak_12": {"fi": "Kolmen kuukauden putki", "en": "Three-month streak"},
    "badge_explorer": {"fi": "Tutkimusmatkailija", "en": "Explorer"},
    "badge_comeback": {"fi": "Paluu", "en": "Comeback"},
    "badge_level_3": {"fi": "Taso 3", "en": "Level 3"},
    "challenges_title": {"fi": "Haasteet", "en": "Challenges"},
    "challenge_four_weeks": {
        "fi": "Neljä aktiivista viikkoa peräkkäin: {now}/{goal}",
        "en": "Four active weeks in a row: {now}/{goal}",
    },
    "challenge_three_actions": {
        "fi": "Kokeile kolmea eri tekoa: {now}/{goal}",
        "en": "Try three different actions: {now}/{goal}",
    },
    # area: in a resident's terms, for the area the resident names
    "area_title": {
        "fi": "Entä jos joka kymmenes naapurisi tekisi samoin?",
        "en": "What if 1 in 10 of your neighbours did the same?",
    },
    "area_intro": {
        "fi": "Valitse alueesi, niin lasken, mitä tapahtuisi {years} vuodessa, jos joka "
        "kymmenes sen aikuisista aloittaisi valitsemasi teot. Laskenta kestää noin 10 sekuntia.",
        "en": "Choose your area, and I will work out what would happen in {years} years if 1 in "
        "10 of its adults started the actions you chose. It takes about 10 seconds.",
    },
    "area_where": {"fi": "Missä asut?", "en": "Where do you live?"},
    "area_choose": {
        "fi": "Valitse ensin alueesi yltä.",
        "en": "Choose your area above first.",
    },
    "area_run": {"fi": "Laske vaikutus alueelleni", "en": "Work out the effect on my area"},
    "area_running": {"fi": "Lasketaan…", "en": "Working it out…"},
    "area_wait": {
        "fi": "Lasketaan vaikutusta alueelle {area}. Tämä kestää noin 10 sekuntia, ja tulos "
        "tulee tähän.",
        "en": "Working out the effect on {area}. This takes about 10 seconds, and the result "
        "will appear here.",
    },
    "area_starters": {
        "fi": "{area}, {residents} asukasta: jos joka kymmenes aikuinen aloittaisi (noin "
        "{starters} ihmistä niistä, joille teot sopivat), {years} vuodessa:",
        "en": "{area}, {residents} residents: if 1 in 10 adults started (about {starters} "
        "people, of those the actions fit), in {years} years:",
    },
    "area_diabetes_fewer": {
        "fi": "noin {n} ihmistä vähemmän sairastuisi tyypin 2 diabetekseen (95 %:n väli "
        "{low}–{high})",
        "en": "about {n} fewer people would get type 2 diabetes (95% range {low} to {high})",
    },
    "area_diabetes_more": {
        "fi": "noin {n} ihmistä enemmän sairastuisi tyypin 2 diabetekseen, muun muassa koska "
        "useampi elää pidempään (95 %:n väli {low}–{high})",
        "en": "about {n} more people would get type 2 diabetes, among other things because "
        "more of them live longer (95% range {low} to {high})",
    },
    # One person or one year takes the singular (Finnish "1 ihminen", not "1 ihmistä").
    "area_diabetes_fewer_one": {
        "fi": "noin 1 ihminen vähemmän sairastuisi tyypin 2 diabetekseen (95 %:n väli "
        "{low}–{high})",
        "en": "about 1 fewer person would get type 2 diabetes (95% range {low} to {high})",
    },
    "area_diabetes_more_one": {
        "fi": "noin 1 ihminen enemmän sairastuisi tyypin 2 diabetekseen, muun muassa koska "
        "useampi elää pidempään (95 %:n väli {low}–{high})",
        "en": "about 1 more person would get type 2 diabetes, among other things because "
        "more people live longer (95% range {low} to {high})",
    },
    "area_healthy_more_one": {
        "fi": "alueen asukkailla olisi yhteensä noin 1 terve vuosi enemmän (95 %:n väli "
        "{low}–{high})",
        "en": "the area's residents would have about 1 more healthy year together (95% "
        "range {low} to {high})",
    },
    "area_healthy_fewer_one": {
        "fi": "alueen asukkailla olisi yhteensä noin 1 terve vuosi vähemmän (95 %:n väli "
        "{low}–{high})",
        "en": "the area's residents would have about 1 fewer healthy year together (95% "
        "range {low} to {high})",
    },
    "area_life_more_one": {
        "fi": "asukkailla olisi yhteensä noin 1 elinvuosi enemmän (95 %:n väli {low}–{high})",
        "en": "they would have about 1 more year of life together (95% range {low} to {high})",
    },
    "area_life_fewer_one": {
        "fi": "asukkailla olisi yhteensä noin 1 elinvuosi vähemmän (95 %:n väli {low}–{high})",
        "en": "they would have about 1 fewer year of life together (95% range {low} to {high})",
    },
    "area_diabetes_unclear": {
        "fi": "diabetekseen sairastuvien määrä: malli ei erota muutosta sattumasta (95 %:n "
        "väli {low}–{high} ihmistä vähemmän)",
        "en": "people getting type 2 diabetes: the model cannot tell a change from chance "
        "(95% range {low} to {high} fewer)",
    },
    "area_healthy_more": {
        "fi": "alueen asukkailla olisi yhteensä noin {n} tervettä vuotta enemmän (95 %:n väli "
        "{low}–{high})",
        "en": "the area's residents would have about {n} more healthy years together (95% "
        "range {low} to {high})",
    },
    "area_healthy_fewer": {
        "fi": "alueen asukkailla olisi yhteensä noin {n} tervettä vuotta vähemmän (95 %:n "
        "väli {low}–{high})",
        "en": "the area's residents would have about {n} fewer healthy years together (95% "
        "range {low} to {high})",
    },
    "area_healthy_unclear": {
        "fi": "terveet vuodet: malli ei erota muutosta sattumasta (95 %:n väli {low}–{high} "
        "vuotta lisää)",
        "en": "healthy years: the model cannot tell a change from chance (95% range {low} to "
        "{high} more)",
    },
    "area_life_more": {
        "fi": "asukkailla olisi yhteensä noin {n} elinvuotta enemmän (95 %:n väli {low}–{high})",
        "en": "they would have about {n} more years of life together (95% range {low} to {high})",
    },
    "area_life_fewer": {
        "fi": "asukkailla olisi yhteensä noin {n} elinvuotta vähemmän (95 %:n väli {low}–{high})",
        "en": "they would have about {n} fewer years of life together (95% range {low} to {high})",
    },
    "area_life_unclear": {
        "fi": "elinvuodet: malli ei erota muutosta sattumasta (95 %:n väli {low}–{high} "
        "vuotta lisää)",
        "en": "years of life: the model cannot tell a change from chance (95% range {low} to "
        "{high} more)",
    },
    "area_note": {
        "fi": "Luvut koskevat alueella nyt asuvia. Osa aloittajista lopettaa matkan varrella "
        "niin kuin tutkimuksissa (oma ennusteesi yllä olettaa, että jatkat). Laskettu "
        "{replications} kertaa, joka kerta {sample} asukkaan otoksella, joka on skaalattu "
        "alueen kokoon; 95 %:n väli kertoo, kuinka tarkka keskiarvo on tällä mallilla. Mallin "
        "omat oletukset eivät sisälly väliin.",
        "en": "The figures are for the people living there now. Some who start stop along the "
        "way, as in the studies (your own projection above assumes you keep going). Worked "
        "out {replications} times, each with a sample of {sample} residents scaled to the "
        "area; the 95% range says how precise the mean is with this model. The model's own "
        "assumptions are not in the range.",
    },
    # privacy
    "privacy_title": {"fi": "Tietosi ovat sinun", "en": "Your data is yours"},
    "privacy_text": {
        "fi": "Vastauksesi, tekosi, pisteesi ja merkkisi säilyvät vain tämän laitteen "
        "selaimessa (sen paikallisessa tallennustilassa), eivät palvelimella, lokeissa eikä "
        "osoitteessa. ”Unohda minut” poistaa ne laitteelta. Voit myös tallentaa ne omaan "
        "tiedostoosi ja ladata myöhemmin.",
        "en": "Your answers, actions, points and badges are kept only in this device's browser "
        "(its local storage), not on the server, in logs or in the address. “Forget me” "
        "removes them from this device. You can also save them to a file of your own and load "
        "them later.",
    },
    "export": {"fi": "Tallenna vastaukseni tiedostoon", "en": "Save my answers to a file"},
    "import": {"fi": "Lataa vastaukset tiedostosta", "en": "Load answers from a file"},
    "import_failed": {
        "fi": "Tiedostoa ei voitu lukea: {reason}",
        "en": "The file could not be read: {reason}",
    },
    "file_not_ours": {
        "fi": "se ei ole tämän sovelluksen tallentama vastaustiedosto",
        "en": "it is not an answers file saved by this app",
    },
    "file_name": {"fi": "hyvinvointini.json", "en": "my-wellbeing.json"},
    "imported": {"fi": "Vastauksesi on ladattu.", "en": "Your answers are loaded."},
    "clear": {"fi": "Unohda minut", "en": "Forget me"},
}


overlap = sorted(set(APP_TEXTS) & set(labels()))
if overlap:
    raise RuntimeError(f"texts declared twice: {', '.join(overlap)}")
TEXTS: Mapping[str, Mapping[str, str]] = {**APP_TEXTS, **labels()}
text = i18n.Catalogue(TEXTS)


def percent(share: float, language: str) -> str:
    """A share as a whole percent, written the language's way ("12 %" in Finnish)."""
    return f"{round(100 * share)} %" if language == "fi" else f"{round(100 * share)}%"


def decimal(value: float, language: str, digits: int = 1) -> str:
    """A number with a decimal comma in Finnish."""
    written = f"{value:.{digits}f}"
    return written.replace(".", ",") if language == "fi" else written
