# Riktade uppgifter och omgångar (tasks::aim, tasks::results::rounds)
aim-field = Riktad till
aim-field-hint = En riktad uppgift syns, påminns om och hittas i sökningen bara för de valda medlemmarna (och facilitatorerna). Riktningen kan ändras tills uppgiften öppnas.
aim-values-of = Välj: { $kind }
aim-kind-everyone = Hela panelen
aim-kind-industry = Efter bransch
aim-kind-region = Efter landskap
aim-kind-stage = Efter företagets skede
aim-kind-members = Valda medlemmar
aim-error-kind = Välj vem uppgiften riktas till.
aim-error-empty = Välj minst en mottagare.
aim-error-not-members = Välj endast medlemmar i den här panelen.
aim-aimed-at = Riktad till: { $who }
aim-aimed-count = { $count ->
    [one] Riktad till en medlem.
   *[other] Riktad till { $count } medlemmar.
}
aim-badge = Riktad
rounds-round = Omgång { $round }
rounds-heading = Omgångarna sida vid sida
rounds-intro = Frågorna paras ihop mellan omgångarna efter ordning och typ. Siffrorna kommer från varje omgångs egna svar.
rounds-col-option = Alternativ
rounds-col-round = Omgång { $round }
rounds-answer-sets = { $count ->
    [one] ett svar
   *[other] { $count } svar
}
rounds-by-group = Omgångarna per grupp: { $group }
rounds-csv-round = Omgång
rounds-row-respondents = Svarande
rounds-row-average = Medelvärde

data-rights-section-tasks-aimed = Uppgifter riktade till dig med namn
