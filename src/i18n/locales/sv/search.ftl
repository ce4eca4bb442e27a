# Sökning.
search-title = Sök
search-title-for = Sök: { $query }
search-label = Sökord
search-header-label = Sök på webbplatsen
search-submit = Sök
search-help = Alla ord söks. Ord "inom citattecken" söks i följd, ett ord med -minus utesluts.
search-total =
    { $count ->
        [0] Inga träffar
        [one] { $count } träff
       *[other] { $count } träffar
    }
search-kind-post = Inlägg
search-kind-comment = Kommentar
