# Tehtävät (kyselyt ja kartoitukset)
poll-kind-single = Yksi valinta
poll-kind-multiple = Monivalinta
poll-kind-scale = Asteikko
poll-kind-ranking = Järjestys
poll-kind-dots = Pisteiden jako
poll-kind-text = Vapaa teksti
poll-kind-yes-no = Kyllä / ei

poll-error-unknown-option = Valitse jokin annetuista vaihtoehdoista.
poll-error-required = Vastaa tähän kysymykseen.
poll-error-pick-one = Valitse vain yksi vaihtoehto.
poll-error-too-few-picks = Valitse vähintään { $min } vaihtoehtoa.
poll-error-too-many-picks = Valitse enintään { $max } vaihtoehtoa.
poll-error-scale-range = Valitse luku väliltä { $min }–{ $max }.
poll-error-rank-range = Anna jokaiselle vaihtoehdolle sija 1–{ $count }.
poll-error-rank-all = Anna sija jokaiselle vaihtoehdolle.
poll-error-rank-duplicate = Kahdella vaihtoehdolla on sama sija. Anna jokaiselle eri sija.
poll-error-dots-number = Pisteiden pitää olla kokonaislukuja nollasta ylöspäin.
poll-error-dots-too-many = Voit jakaa enintään { $points } pistettä; nyt annoit { $given }.
poll-error-text-too-long = Vastaus on liian pitkä (enintään { $max } merkkiä).
poll-error-yes-no = Valitse kyllä tai ei.
poll-error-closes-before-opens = Sulkeutumisajan pitää olla avautumisajan jälkeen.
poll-error-time-required = Anna aika.
poll-error-time-format = Anna aika muodossa vvvv-kk-ppTtt:mm, esimerkiksi 2026-11-24T09:00.
poll-error-time-skipped = Tätä aikaa ei ole Suomen aikavyöhykkeellä (kellot siirtyvät tunnilla eteenpäin). Valitse toinen aika.
poll-error-settings-fixed = Nimettömyyttä ja tulosten näkyvyyttä ei voi muuttaa enää, kun tehtävä on avautunut.
poll-error-title-required = Anna tehtävälle otsikko.
poll-error-title-too-long = Otsikko saa olla enintään 200 merkkiä.
poll-error-number = Anna kokonaisluku.
poll-error-prompt-required = Kirjoita kysymys.
poll-error-prompt-too-long = Kysymys saa olla enintään 500 merkkiä.
poll-error-option-too-long = Vaihtoehto saa olla enintään 200 merkkiä.
poll-error-picks-range = Valintojen vähimmäis- ja enimmäismäärän pitää olla 0 ja vaihtoehtojen määrän välillä, eikä vähimmäismäärä saa ylittää enimmäismäärää.
poll-error-scale-bounds = Asteikon alku- ja loppupään pitää olla kokonaislukuja, loppupään suurempi, ja asteikossa enintään 11 askelta.
poll-error-points-range = Jaettavia pisteitä voi olla 1–100.
poll-error-kind = Valitse kysymyksen tyyppi.
poll-error-options-needed = Anna vähintään kaksi vaihtoehtoa, kukin omalle rivilleen.
poll-error-options-too-many = Vaihtoehtoja voi olla enintään 30.
poll-error-questions-too-many = Tehtävässä voi olla enintään 200 kysymystä.

poll-results-always = Aina, myös ennen omaa vastausta
poll-results-after-answering = Kun jäsen on vastannut (ja kaikille tehtävän sulkeuduttua)
poll-results-after-closing = Vasta kun tehtävä on sulkeutunut
poll-results-facilitators-only = Vain fasilitaattoreille

poll-phase-upcoming = Tulossa
poll-phase-open = Avoinna
poll-phase-closed = Sulkeutunut

poll-breakdown-industry = Toimiala
poll-breakdown-region = Alue
poll-breakdown-stage = Yrityksen vaihe

poll-error-results = Valitse, kuka näkee tulokset ja milloin.
poll-error-no-questions = Lisää tehtävään vähintään yksi kysymys.
poll-error-opening-fixed = Avautumisaikaa ei voi muuttaa, kun tehtävä on jo avautunut.
poll-error-questions-fixed = Kysymyksiä ei voi muuttaa, kun tehtävä on avautunut. Tee tehtävästä kopio, jos haluat muuttaa kysymyksiä.
poll-error-not-open = Tehtävä ei ole nyt avoinna vastauksille.
poll-error-already-answered = Olet jo vastannut tähän nimettömään tehtävään. Nimettömään vastaukseen ei voi tehdä muutoksia.

poll-tasks = Tehtävät
poll-tasks-intro = Arviointi- ja kartoitustehtävät valmistelevat seuraavaa työpajaa. Vastaa omassa tahdissasi ennen sulkeutumisaikaa.
poll-new-task = Uusi tehtävä
poll-tasks-empty = Paneelissa ei ole vielä tehtäviä.
poll-awaiting-you = Odottaa vastaustasi
poll-you-answered = Olet vastannut
poll-anonymous-badge = Nimetön
poll-open-from = Avoinna
poll-open-until = –
poll-answer-sets =
    { $count ->
        [0] Ei vastauksia
        [one] { $count } vastaus
       *[other] { $count } vastausta
    }
poll-disclose-title = Kuka näkee mitä ja milloin
poll-disclose-anonymous = Tehtävä on nimetön: vastauksiasi ei yhdistetä sinuun missään – eivät sitä näe fasilitaattorit, ylläpitäjät eikä CSV-vienti. Siksi voit vastata vain kerran etkä voi muuttaa vastaustasi jälkikäteen.
poll-disclose-named = Vastaukset tallentuvat nimelläsi: fasilitaattorit näkevät, kuka vastasi mitä, myös CSV-viennissä. Voit muuttaa vastaustasi, kunnes tehtävä sulkeutuu.
poll-disclose-results-always = Paneelin jäsenet näkevät tulosten yhteenvedon koko ajan, myös ennen omaa vastaustaan.
poll-disclose-results-after-answering = Näet tulosten yhteenvedon, kun olet vastannut. Tehtävän sulkeuduttua sen näkevät kaikki paneelin jäsenet.
poll-disclose-results-after-closing = Paneelin jäsenet näkevät tulosten yhteenvedon, kun tehtävä sulkeutuu ({ $date }).
poll-disclose-results-facilitators = Vain fasilitaattorit näkevät tulokset; jäsenille niitä ei näytetä.
poll-disclose-facilitators = Fasilitaattorit näkevät tulosten yhteenvedon koko ajan. Yhteenvedossa ei näy nimiä.
poll-helsinki-time = Suomen aikaa
poll-edit-task = Muokkaa tehtävää
poll-see-results = Katso tulokset
poll-export-csv = Lataa vastaukset (CSV)
poll-duplicate = Tee kopio seuraavaa kierrosta varten
poll-answered-editable = Olet vastannut. Voit muuttaa vastaustasi, kunnes tehtävä sulkeutuu.
poll-answered-thanks = Kiitos, vastauksesi on tallennettu.
poll-not-open-yet = Tehtävä ei ole vielä avautunut.
poll-closed-note = Tehtävä on sulkeutunut, eikä siihen voi enää vastata.
poll-required = pakollinen
poll-optional = vapaaehtoinen
poll-rank-choose = Valitse sija
poll-rank-place =
    { $count ->
       *[other] { $count }. sija
    }
poll-yes = Kyllä
poll-no = Ei
poll-save-answer = Tallenna muutokset
poll-send-answer = Lähetä vastaus
poll-hint-multiple = Valitse { $min }–{ $max } vaihtoehtoa.
poll-hint-ranking =
    { $count ->
       *[other] Anna jokaiselle vaihtoehdolle eri sija 1–{ $count }; 1 on tärkein.
    }
poll-hint-dots =
    { $count ->
        [one] Sinulla on 1 piste jaettavana. Kirjoita kunkin vaihtoehdon kohdalle, montako pistettä annat; tyhjä on nolla.
       *[other] Sinulla on { $count } pistettä jaettavana. Kirjoita kunkin vaihtoehdon kohdalle, montako pistettä annat; tyhjä on nolla. Kaikkia pisteitä ei tarvitse käyttää.
    }
poll-hint-text =
    { $count ->
       *[other] Enintään { $count } merkkiä.
    }
poll-answer-saved = Vastauksesi on tallennettu.
poll-editor-fixed = Tehtävä on avautunut: nimettömyys, tulosten näkyvyys, avautumisaika ja kysymykset pysyvät ennallaan. Voit muuttaa otsikkoa, johdantoa ja sulkeutumisaikaa.
poll-field-title = Otsikko
poll-field-intro = Johdanto
poll-field-intro-hint = Kerro, mitä tehtävällä selvitetään ja miten tuloksia käytetään. Voit käyttää Markdownia.
poll-field-opens = Avautuu
poll-field-closes = Sulkeutuu
poll-time-hint = Suomen aikaa, esimerkiksi 2026-11-24T09:00.
poll-field-anonymity = Vastaajat
poll-field-anonymity-hint = Valinta lukittuu, kun tehtävä avautuu. Nimettömiä vastauksia ei voi myöhemmin yhdistää vastaajiin.
poll-named = Nimelliset vastaukset (vastausta voi muuttaa sulkeutumiseen asti)
poll-anonymous = Nimettömät vastaukset (kukin vastaa kerran)
poll-field-results = Kuka näkee tulokset ja milloin
poll-field-shuffle = Näytä vaihtoehdot kullekin vastaajalle omassa satunnaisessa järjestyksessään
poll-questions = Kysymykset
poll-questions-hint = Tyhjäksi jätetyt kysymysrivit ohitetaan. Lisää rivejä napista lomakkeen lopussa.
poll-question-number =
    { $count ->
       *[other] Kysymys { $count }
    }
poll-field-prompt = Kysymys
poll-field-kind = Tyyppi
poll-field-required = Vastaus on pakollinen
poll-field-options = Vaihtoehdot
poll-field-options-hint = Yksi vaihtoehto riville. Tarvitaan yksi valinta-, monivalinta-, järjestys- ja pisteidenjakokysymyksiin.
poll-field-limits = Rajat (monivalinta, asteikko, pisteet)
poll-field-min-picks = Valintoja vähintään
poll-field-max-picks = Valintoja enintään
poll-field-scale-min = Asteikon alkupää
poll-field-scale-min-label = Alkupään selite
poll-field-scale-max = Asteikon loppupää
poll-field-scale-max-label = Loppupään selite
poll-field-points = Jaettavat pisteet
poll-save-task = Tallenna tehtävä
poll-more-questions = Lisää kysymysrivejä
poll-task-created = Tehtävä on luotu.
poll-task-updated = Tehtävä on päivitetty.
poll-task-duplicated = Kopio on luotu. Tarkista ajat ja kysymykset ennen avautumista.
poll-copy-title = { $title } (kopio)
poll-respondents =
    { $count ->
        [0] Ei vastaajia
        [one] 1 vastaaja
       *[other] { $count } vastaajaa
    }
poll-col-option = Vaihtoehto
poll-col-count = Vastaajia
poll-col-share = Osuus vastaajista
poll-col-points = Pisteet
poll-col-share-points = Osuus pisteistä
poll-col-average-rank = Keskimääräinen sija
poll-points-total =
    { $count ->
        [one] 1 piste yhteensä
       *[other] { $count } pistettä yhteensä
    }
poll-points =
    { $count ->
        [one] 1 piste
       *[other] { $count } pistettä
    }
poll-average = keskiarvo { $value }
poll-results = Tulokset
poll-back-to-task = Takaisin tehtävään
poll-breakdown = Jaottele yritysten mukaan
poll-breakdown-none = Kaikki yhdessä
poll-breakdown-show = Näytä
poll-breakdown-small-groups = Nimettömän tehtävän vastauksiin ei tallenneta yrityksen tietoja, koska harvinainen toimialan, alueen ja vaiheen yhdistelmä paljastaisi vastaajan. Siksi tuloksia ei voi jaotella yritysten mukaan.
poll-no-answers = Ei vielä vastauksia.
poll-group-other = Muut ja tuntemattomat
poll-groups-hidden = Jotta yksittäistä yritystä ei voi tunnistaa, alle { $min } vastauksen ryhmiä ei näytetä erikseen: ne lasketaan ryhmään "Muut ja tuntemattomat", kun siinä on vähintään { $min } vastausta, ja muuten ne jätetään tästä pois (ne ovat mukana kokonaistuloksissa).
poll-csv-name = Nimi
poll-csv-company = Yritys
poll-csv-saved-at = Tallennettu
