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
search-kind-comment = Kommentti
