# Search.
search-title = Search
search-title-for = Search: { $query }
search-label = Search words
search-header-label = Search the site
search-submit = Search
search-help = All words are searched for. Words "in quotes" are searched for in order; a word with a -minus is left out.
search-total =
    { $count ->
        [0] No results
        [one] { $count } result
       *[other] { $count } results
    }
search-kind-post = Post
search-kind-minutes = Workshop minutes
search-kind-task = Panel task
search-kind-comment = Comment
search-filters = Narrow the results
search-filter-all = All
search-filter-organization = Organisation
search-filter-author = Author
search-filter-label = Label
search-filter-kind = Kind
search-filter-from = From
search-filter-to = Until
search-filter-years = Years
search-sort = Order
search-sort-relevance = Best match first
search-sort-newest = Newest first
search-did-you-mean = Did you mean:
search-error-date = Give the date as yyyy-mm-dd, for example 2026-03-31.
search-error-range = The end date is before the start date.
search-analyser-snowball = Finnish search: Snowball stems, with compound parts matched as character sequences (Voikko is not in use).
search-analyser-voikko = Finnish search: Voikko (base forms and compound parts).
search-total-more = More than { $count } results
search-building = The search index is being built, so search finds nothing yet. Please try again in a moment.
search-building-progress = The search index is being built ({ $percent }% done), so search finds nothing yet. Please try again in a moment.
