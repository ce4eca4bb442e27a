# Aimed tasks and rounds (tasks::aim, tasks::results::rounds)
aim-field = Aimed at
aim-field-hint = An aimed task is seen, reminded of and found in search only by the chosen members (and the facilitators). The aim may change until the task opens.
aim-values-of = Choose: { $kind }
aim-kind-everyone = The whole panel
aim-kind-industry = By industry
aim-kind-region = By region
aim-kind-stage = By company stage
aim-kind-members = Chosen members
aim-error-kind = Choose who the task is aimed at.
aim-error-empty = Choose at least one.
aim-error-not-members = Choose members of this panel only.
aim-aimed-at = Aimed at: { $who }
aim-aimed-count = { $count ->
    [one] Aimed at one member.
   *[other] Aimed at { $count } members.
}
aim-badge = Aimed
rounds-round = Round { $round }
rounds-heading = Rounds side by side
rounds-intro = Questions are matched across rounds by their position and kind. The figures come from each round's own answers.
rounds-col-option = Option
rounds-col-round = Round { $round }
rounds-answer-sets = { $count ->
    [one] one answer set
   *[other] { $count } answer sets
}
rounds-by-group = Rounds by group: { $group }
rounds-csv-round = Round
rounds-row-respondents = Respondents
rounds-row-average = Average

data-rights-section-tasks-aimed = Tasks aimed at you by name
