# Kohdennetut tehtävät ja kierrokset (tasks::aim, tasks::results::rounds)
aim-field = Kohdennettu
aim-field-hint = Kohdennetun tehtävän näkevät, siitä muistutetaan ja sen löytävät haulla vain valitut jäsenet (ja fasilitaattorit). Kohdennusta voi muuttaa, kunnes tehtävä avautuu.
aim-values-of = Valitse: { $kind }
aim-kind-everyone = Koko paneeli
aim-kind-industry = Toimialan mukaan
aim-kind-region = Maakunnan mukaan
aim-kind-stage = Yrityksen vaiheen mukaan
aim-kind-members = Valitut jäsenet
aim-error-kind = Valitse, kenelle tehtävä on kohdennettu.
aim-error-empty = Valitse vähintään yksi kohde.
aim-error-not-members = Valitse vain tämän paneelin jäseniä.
aim-aimed-at = Kohdennettu: { $who }
aim-aimed-count = { $count ->
    [one] Kohdennettu yhdelle jäsenelle.
   *[other] Kohdennettu { $count } jäsenelle.
}
aim-badge = Kohdennettu
rounds-round = Kierros { $round }
rounds-heading = Kierrokset rinnakkain
rounds-intro = Kysymykset yhdistetään kierrosten välillä järjestyksen ja tyypin mukaan. Luvut ovat kunkin kierroksen omista vastauksista.
rounds-col-option = Vaihtoehto
rounds-col-round = Kierros { $round }
rounds-answer-sets = { $count ->
    [one] yksi vastaus
   *[other] { $count } vastausta
}
rounds-by-group = Kierrokset ryhmittäin: { $group }
rounds-csv-round = Kierros
rounds-row-respondents = Vastaajia
rounds-row-average = Keskiarvo

data-rights-section-tasks-aimed = Tehtävät, jotka on kohdistettu sinulle nimeltä
