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
search-kind-minutes = Workshopens protokoll
search-kind-task = Panelens uppgift
search-kind-comment = Kommentar
search-filters = Avgränsa resultaten
search-filter-all = Alla
search-filter-organization = Organisation
search-filter-author = Skribent
search-filter-label = Etikett
search-filter-kind = Typ
search-filter-from = Från och med
search-filter-to = Till och med
search-filter-years = År
search-sort = Ordning
search-sort-relevance = Bästa träffar först
search-sort-newest = Nyaste först
search-did-you-mean = Menade du:
search-error-date = Ange datumet som åååå-mm-dd, till exempel 2026-03-31.
search-error-range = Slutdatumet är före startdatumet.
search-analyser-snowball = Sökning på finska: Snowball-stammar och delar av sammansatta ord som teckenföljder (Voikko används inte).
search-analyser-voikko = Sökning på finska: Voikko (grundformer och delar av sammansatta ord).
search-total-more = Över { $count } träffar
search-building = Sökindexet byggs som bäst, så sökningen hittar ännu ingenting. Försök igen om en stund.
search-building-progress = Sökindexet byggs som bäst ({ $percent } % klart), så sökningen hittar ännu ingenting. Försök igen om en stund.
