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
search-kind-comment = Comment
