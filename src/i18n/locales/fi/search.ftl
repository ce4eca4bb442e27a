# Haku.
search-title = Haku
search-title-for = Haku: { $query }
search-label = Hakusanat
search-header-label = Hae sivustolta
search-submit = Hae
search-help = Kaikki sanat haetaan. "Lainausmerkeissä" haetaan sanat peräkkäin, -miinuksella sana jätetään pois.
search-total =
    { $count ->
        [0] Ei osumia
        [one] { $count } osuma
       *[other] { $count } osumaa
    }
search-kind-post = Kirjoitus
search-kind-minutes = Työpajan muistio
search-kind-task = Paneelin tehtävä
search-kind-comment = Kommentti
search-filters = Rajaa tuloksia
search-filter-all = Kaikki
search-filter-organization = Organisaatio
search-filter-author = Kirjoittaja
search-filter-label = Aihetunniste
search-filter-kind = Tyyppi
search-filter-from = Alkaen
search-filter-to = Päättyen
search-filter-years = Vuodet
search-sort = Järjestys
search-sort-relevance = Osuvimmat ensin
search-sort-newest = Uusimmat ensin
search-did-you-mean = Tarkoititko:
search-error-date = Anna päivämäärä muodossa vvvv-kk-pp, esimerkiksi 2026-03-31.
search-error-range = Loppupäivä on ennen alkupäivää.
search-analyser-snowball = Suomen kielen haku: Snowball-vartalot ja yhdyssanojen osat merkkijonoina (Voikko ei ole käytössä).
search-analyser-voikko = Suomen kielen haku: Voikko (perusmuodot ja yhdyssanojen osat).
search-total-more = Yli { $count } osumaa
search-building = Hakemistoa rakennetaan parhaillaan, joten haku ei vielä löydä mitään. Yritä hetken kuluttua uudelleen.
search-building-progress = Hakemistoa rakennetaan parhaillaan ({ $percent } % valmis), joten haku ei vielä löydä mitään. Yritä hetken kuluttua uudelleen.
