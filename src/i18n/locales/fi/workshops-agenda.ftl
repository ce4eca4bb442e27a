## Työpajan asialista, muistio, liitteet, tulokset ja läsnäolo.

workshops-agenda-heading = Asialista
workshops-agenda-page-title = Asialista: { $title }
workshops-agenda-minutes-page-title = Muistio: { $title }
workshops-agenda-back = Takaisin työpajaan
workshops-agenda-edit-link = Muokkaa asialistaa
workshops-agenda-empty = Asialistaa ei ole vielä.
workshops-agenda-outcome = Lopputulos
workshops-agenda-see-results = Tulokset: { $task }
workshops-agenda-open-results = Avaa tulokset
workshops-agenda-duration-count =
    { $count ->
       *[other] { $count } min
    }
workshops-agenda-move-up = Siirrä ylös
workshops-agenda-move-down = Siirrä alas
workshops-agenda-edit = Muokkaa
workshops-agenda-remove = Poista
workshops-agenda-picks-heading = Lisää tehtävien tuloksista
workshops-agenda-picks-hint = Kunkin tehtävän kärkitulokset. Valitut tulokset lisätään asialistan loppuun, ja niiden teksti tulee kohdan otsikoksi; lukuja ei näytetä jäsenille.
workshops-agenda-picks-none = Yhdessäkään tehtävässä ei ole vielä tuloksia, joista valita.
workshops-agenda-picks-submit = Lisää valitut tulokset asialistalle
workshops-agenda-scale-group = Asteikkokysymykset, korkein keskiarvo ensin
workshops-agenda-figure-points =
    { $count ->
        [one] { $count } piste
       *[other] { $count } pistettä
    }
workshops-agenda-figure-chosen =
    { $count ->
        [one] { $count } valitsi
       *[other] { $count } valitsi
    }
workshops-agenda-figure-average = keskiarvo { $average }
workshops-agenda-free-heading = Lisää oma kohta
workshops-agenda-add-item = Lisää asialistalle
workshops-agenda-edit-title = Muokkaa asialistan kohtaa
workshops-agenda-save-item = Tallenna kohta
workshops-agenda-field-title = Otsikko
workshops-agenda-field-note = Huomautus (vapaaehtoinen)
workshops-agenda-field-duration = Kesto minuutteina (vapaaehtoinen)
workshops-agenda-markdown-hint = Voit käyttää Markdownia: **lihavointi**, luettelot viivalla (-), linkit muodossa [teksti](https://…).
workshops-agenda-title-missing = Kirjoita otsikko.
workshops-agenda-title-too-long = Otsikossa voi olla enintään 200 merkkiä.
workshops-agenda-duration-invalid = Anna kesto kokonaisina minuutteina väliltä 1–1440 tai jätä kenttä tyhjäksi.
workshops-agenda-text-too-long = Teksti on liian pitkä.
workshops-agenda-text-too-deep = Tekstissä on liian monta sisäkkäistä luettelo- tai lainaustasoa.
workshops-agenda-pick-none = Valitse vähintään yksi tulos.
workshops-agenda-too-many-items = Esityslistalla voi olla enintään 100 kohtaa.
workshops-agenda-pick-unknown = Valittua tulosta ei enää ole paneelin tehtävissä. Lataa sivu uudelleen ja valitse uudestaan.
workshops-agenda-invalid = Lomakkeessa on virheitä.
workshops-agenda-picks-added = Valitut tulokset lisättiin asialistalle.
workshops-agenda-picks-already = Valitut tulokset ovat jo asialistalla.
workshops-agenda-item-added = Kohta lisättiin asialistalle.
workshops-agenda-item-saved = Asialistan kohta tallennettiin.
workshops-agenda-item-moved = Asialistan kohta siirrettiin.
workshops-agenda-item-removed = Kohta poistettiin asialistalta.
workshops-agenda-minutes-heading = Muistio
workshops-agenda-minutes-edit-link = Kirjoita muistio, lopputulokset ja läsnäolo
workshops-agenda-minutes-updated = Muistiota päivitetty { $time }
workshops-agenda-minutes-none = Muistiota ei ole vielä.
workshops-agenda-field-minutes = Muistio
workshops-agenda-outcomes = Asialistan kohtien lopputulokset
workshops-agenda-field-outcome = Lopputulos: { $item }
workshops-agenda-minutes-save = Tallenna muistio ja lopputulokset
workshops-agenda-minutes-saved = Muistio tallennettiin.
workshops-agenda-not-started = Muistion, liitteet ja läsnäolon voi kirjata, kun työpaja on alkanut.
workshops-agenda-cancelled = Työpaja peruttiin, joten sillä ei ole muistiota.
workshops-agenda-attachments = Liitteet
workshops-agenda-attachments-none = Liitteitä ei ole vielä.
workshops-agenda-field-attachment-title = Liitteen nimi
workshops-agenda-field-url = Linkki
workshops-agenda-url-hint = Verkko-osoite, joka alkaa https:// tai http://.
workshops-agenda-url-missing = Anna linkki.
workshops-agenda-url-invalid = Linkin pitää olla verkko-osoite, joka alkaa https:// tai http:// ja jossa ei ole välilyöntejä.
workshops-agenda-attachment-add = Lisää liite
workshops-agenda-attachment-added = Liite lisättiin.
workshops-agenda-attachment-removed = Liite poistettiin.
workshops-agenda-attendance = Läsnäolo
workshops-agenda-attendance-nobody = Työpajaan ei ilmoittautunut ketään.
workshops-agenda-attendance-caption = Ilmoittautuneet ja heidän läsnäolonsa
workshops-agenda-attendance-person = Osallistuja
workshops-agenda-attended = Paikalla
workshops-agenda-not-attended = Ei paikalla
workshops-agenda-attendance-colleague = Kollega
workshops-agenda-attended-person = { $name } oli paikalla
workshops-agenda-not-attended-person = { $name } ei ollut paikalla
workshops-agenda-colleague-came = { $name } oli paikalla
workshops-agenda-attendance-save = Tallenna läsnäolo
workshops-agenda-attendance-saved = Läsnäolo tallennettiin.
workshops-agenda-attendance-invalid = Merkitse jokainen osallistuja paikalla olleeksi tai poissa olleeksi.
workshops-agenda-attendance-unregistered = Läsnäolon voi merkitä vain työpajaan ilmoittautuneille.
