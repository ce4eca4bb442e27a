# Ideas tasks: members' ideas, comments, merging and voting (src/tasks/ideas).
ideas-new-task = Uusi ideointitehtävä
ideas-kind-badge = Ideointi
ideas-editor-intro = Ideointitehtävässä jäsenet ja fasilitaattorit kirjaavat ensin ideoita ja kommentoivat niitä. Äänestysvaiheessa jäsenet jakavat pisteitä tai järjestävät ideat.
ideas-editor-fixed = Tehtävä on avautunut: avautumisaika, nimettömyys, ideoiden näkyvyys ja tulosten näkyvyys pysyvät ennallaan; äänestyksen alettua myös äänestyksen alkamisaika ja tapa.
ideas-create-task = Luo ideointitehtävä
ideas-task-created = Ideointitehtävä on luotu.
ideas-field-opens = Ideointi alkaa
ideas-field-voting = Äänestys alkaa
ideas-field-closes = Äänestys päättyy
ideas-field-method = Äänestystapa
ideas-method-dots = Pisteäänestys: jokainen jakaa pisteitä ideoille
ideas-method-ranking = Järjestys: jokainen panee kaikki ideat tärkeysjärjestykseen
ideas-field-points = Pisteitä jaettavana (pisteäänestys)
ideas-field-points-hint = 1–100 pistettä kullekin jäsenelle.
ideas-field-visible = Jäsenet näkevät toistensa ideat jo ideointivaiheessa
ideas-field-visible-hint = Jos et valitse tätä, jäsen näkee ideointivaiheessa vain omat ideansa; kaikki ideat näkyvät äänestyksen alkaessa.
ideas-field-anonymous-hint = Nimettömässä tehtävässä ideoihin, kommentteihin ja ääniin ei tallenneta kirjoittajaa eikä aikaa. Omaa nimetöntä ideaa ei voi myöhemmin muokata.
ideas-phase-upcoming = Alkamassa
ideas-phase-collecting = Ideointi käynnissä
ideas-phase-voting = Äänestys käynnissä
ideas-phase-closed = Päättynyt
ideas-phase-start-collecting = Aloita ideointi nyt
ideas-phase-start-voting = Päätä ideointi ja aloita äänestys nyt
ideas-phase-close = Päätä äänestys nyt
ideas-phase-hint = Vaihe vaihtuu heti; aikataulu päivittyy vastaamaan sitä.
ideas-phase-changed = Vaihe on vaihdettu.
ideas-disclose-visible = Jäsenet näkevät toistensa ideat koko ajan.
ideas-disclose-hidden = Ideointivaiheessa jäsen näkee vain omat ideansa; kaikki ideat näkyvät, kun äänestys alkaa.
ideas-disclose-dots =
    { $count ->
        [one] Äänestyksessä jokainen jäsen jakaa 1 pisteen ideoille.
       *[other] Äänestyksessä jokainen jäsen jakaa { $count } pistettä ideoille.
    }
ideas-disclose-ranking = Äänestyksessä jokainen jäsen panee ideat tärkeysjärjestykseen.
ideas-disclose-anonymous = Ideoita ja kommentteja ei yhdistetä kirjoittajiinsa.
ideas-new-title = Kirjaa idea
ideas-field-title = Idean otsikko
ideas-field-body = Kuvaus
ideas-field-body-hint = Vapaaehtoinen. Voit käyttää Markdownia, enintään 5 000 merkkiä.
ideas-submit = Lähetä idea
ideas-submitted = Idea on lähetetty.
ideas-submitted-held = Idea on lähetetty ja odottaa fasilitaattorin hyväksyntää.
ideas-list-title = Ideat
ideas-none = Ideoita ei ole vielä.
ideas-not-shown =
    { $count ->
        [one] Lisäksi 1 muiden kirjaama idea, joka näkyy, kun äänestys alkaa.
       *[other] Lisäksi { $count } muiden kirjaamaa ideaa, jotka näkyvät, kun äänestys alkaa.
    }
ideas-by = Idean esittäjä:
ideas-credit-anonymous = nimetön
ideas-comment-count =
    { $count ->
        [0] ei kommentteja
        [one] 1 kommentti
       *[other] { $count } kommenttia
    }
ideas-merged-here = Tähän on yhdistetty:
ideas-merged-into = Tämä idea on yhdistetty ideaan
ideas-merged-carried = Yhdistettyjen ideoiden esittäjät, kommentit ja annetut äänet siirtyivät tähän ideaan.
ideas-back-to-task = Takaisin tehtävään: { $task }
ideas-back-to-idea = Takaisin ideaan
ideas-edited-at = muokattu
ideas-edit = Muokkaa ideaa
ideas-edit-save = Tallenna idea
ideas-edited = Idea on tallennettu.
ideas-make-action = Tee ideasta toimenpide
ideas-facilitator-tools = Fasilitaattorille
ideas-approve = Hyväksy
ideas-hide = Piilota
ideas-show = Näytä uudelleen
ideas-moderated = Tallennettu.
ideas-merge-into = Yhdistä idea toiseen ideaan
ideas-merge-hint = Valitse idea, johon tämä päällekkäinen idea yhdistetään. Molempien esittäjät, kommentit ja annetut äänet säilyvät yhdistetyssä ideassa.
ideas-merge-choose = Valitse idea
ideas-merge = Yhdistä
ideas-merge-none = Muita ideoita, joihin yhdistää, ei ole.
ideas-merged = Ideat on yhdistetty.
ideas-comments-title = Kommentit
ideas-comments-none = Ei vielä kommentteja.
ideas-comment-field = Kommenttisi
ideas-comment-hint = Voit käyttää Markdownia, enintään 2 000 merkkiä.
ideas-comment-send = Lähetä kommentti
ideas-commented = Kommentti on lähetetty.
ideas-commented-held = Kommentti on lähetetty ja odottaa fasilitaattorin hyväksyntää.
ideas-comment-removed = Kommentti on poistettu.
ideas-comment-remove = Poista kommenttini
ideas-comment-moved = kirjoitettu ideaan ”{ $idea }”
ideas-ballot-title = Äänestä
ideas-ballot-dots = Jaa pisteesi ideoille
ideas-ballot-ranking = Järjestä ideat, tärkein ensin
ideas-vote-send = Lähetä äänet
ideas-vote-save = Tallenna äänet
ideas-voted = Äänesi on tallennettu.
ideas-voted-editable = Olet äänestänyt. Voit muuttaa ääniäsi äänestyksen päättymiseen asti.
ideas-voted-thanks = Kiitos, olet äänestänyt.
ideas-error-voting-before-opening = Äänestyksen pitää alkaa ideoinnin alkamisen jälkeen.
ideas-error-closes-before-voting = Äänestyksen pitää päättyä sen alkamisen jälkeen.
ideas-error-method = Valitse äänestystapa.
ideas-error-points = Anna pisteiden määrä väliltä 1–{ $max }.
ideas-error-voting-fixed = Äänestys on alkanut, joten sen alkamisaika ei enää muutu.
ideas-error-method-fixed = Äänestys on alkanut, joten äänestystapa ei enää muutu.
ideas-error-title-too-long = Otsikko on liian pitkä (enintään 200 merkkiä).
ideas-error-body-too-long = Kuvaus on liian pitkä (enintään { $max } merkkiä).
ideas-error-comment-too-long = Kommentti on liian pitkä (enintään { $max } merkkiä).
ideas-error-not-collecting = Ideoita voi lähettää vain ideointivaiheessa.
ideas-error-not-voting = Äänestää voi vain äänestysvaiheessa.
ideas-error-comment-phase = Ideoita voi kommentoida vain ideointi- ja äänestysvaiheessa.
ideas-error-comment-closed = Tätä ideaa ei voi kommentoida.
ideas-error-merge-phase = Ideoita voi yhdistää vain ideointi- ja äänestysvaiheessa.
ideas-error-merge-target = Valitse toinen saman tehtävän idea, jota ei ole yhdistetty.
ideas-error-moderation = Tuntematon toiminto.
ideas-error-phase-moved = Tehtävän vaihe on jo vaihtunut; lataa sivu uudelleen.
ideas-error-phase-unknown = Vaihe on "collecting", "voting" tai "closed".
ideas-error-vote-shape = Lähetä joko "points" tai "ranking".
ideas-error-not-a-survey = Ideointitehtävää muokataan ideointitehtävän lomakkeella, eikä siinä ole kysymyksiä.
# Where ideas show in other features.
actions-source-idea = Jäsenen idea
data-rights-section-ideas = Ideat, joiden esittäjänä olet
data-rights-section-idea-comments = Kommenttisi ideoihin
