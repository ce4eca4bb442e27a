# Tasks (polls and surveys)
poll-kind-single = Single choice
poll-kind-multiple = Multiple choice
poll-kind-scale = Rating scale
poll-kind-ranking = Ranking
poll-kind-dots = Dot voting
poll-kind-text = Free text
poll-kind-yes-no = Yes / no

poll-error-unknown-option = Choose one of the options given.
poll-error-required = Please answer this question.
poll-error-pick-one = Choose only one option.
poll-error-too-few-picks = Pick at least { $min } options.
poll-error-too-many-picks = Pick at most { $max } options.
poll-error-scale-range = Choose a number from { $min } to { $max }.
poll-error-rank-range = Give each option a place from 1 to { $count }.
poll-error-rank-all = Give every option a place.
poll-error-rank-duplicate = Two options have the same place. Give each a place of its own.
poll-error-dots-number = Points must be whole numbers from zero up.
poll-error-dots-too-many = You can give at most { $points } points; you gave { $given }.
poll-error-text-too-long = The answer is too long (at most { $max } characters).
poll-error-yes-no = Choose yes or no.
poll-error-closes-before-opens = The closing time must be after the opening time.
poll-error-time-required = Enter a time.
poll-error-time-format = Enter the time as yyyy-mm-ddThh:mm, for example 2026-11-24T09:00.
poll-error-time-skipped = That time does not exist in Finnish time (the clocks go forward an hour). Choose another time.
poll-error-settings-fixed = Anonymity and who sees the results cannot be changed once the task has opened.
poll-error-title-required = Give the task a title.
poll-error-title-too-long = The title can be at most 200 characters.
poll-error-number = Enter a whole number.
poll-error-prompt-required = Write the question.
poll-error-prompt-too-long = The question can be at most 500 characters.
poll-error-option-too-long = An option can be at most 200 characters.
poll-error-picks-range = The fewest and most picks must be between 0 and the number of options, the fewest no more than the most.
poll-error-scale-bounds = The ends of the scale must be whole numbers, the upper one larger, with at most 11 steps.
poll-error-points-range = There can be 1–100 points to give.
poll-error-kind = Choose the type of question.
poll-error-options-needed = Give at least two options, each on its own line.
poll-error-options-too-many = There can be at most 30 options.
poll-error-questions-too-many = A task can have at most 200 questions.

poll-results-always = Always, even before answering
poll-results-after-answering = Once the member has answered (and to everyone after closing)
poll-results-after-closing = Only after the task has closed
poll-results-facilitators-only = To facilitators only

poll-phase-upcoming = Upcoming
poll-phase-open = Open
poll-phase-closed = Closed

poll-breakdown-industry = Industry
poll-breakdown-region = Region
poll-breakdown-stage = Company stage

poll-error-results = Choose who sees the results and when.
poll-error-no-questions = Add at least one question to the task.
poll-error-opening-fixed = The opening time cannot change once the task has opened.
poll-error-questions-fixed = The questions cannot change once the task has opened. Make a copy of the task to change them.
poll-error-not-open = The task is not taking answers now.
poll-error-already-answered = You have already answered this anonymous task. An anonymous answer cannot be changed.

poll-tasks = Tasks
poll-tasks-intro = Evaluation and mapping tasks prepare the next workshop. Answer at your own pace before the closing time.
poll-new-task = New task
poll-tasks-empty = The panel has no tasks yet.
poll-awaiting-you = Awaiting your answer
poll-you-answered = You have answered
poll-anonymous-badge = Anonymous
poll-open-from = Open
poll-open-until = –
poll-answer-sets =
    { $count ->
        [0] No answers
        [one] { $count } answer
       *[other] { $count } answers
    }
poll-disclose-title = Who sees what and when
poll-disclose-anonymous = This task is anonymous: your answers are never linked to you – not by facilitators, administrators or the CSV export. That is why you can answer only once and cannot change your answer afterwards.
poll-disclose-named = Answers are saved with your name: facilitators see who answered what, also in the CSV export. You can change your answer until the task closes.
poll-disclose-results-always = Panel members see a summary of the results at all times, even before answering.
poll-disclose-results-after-answering = You see the summary of the results once you have answered. After the task closes, every panel member sees it.
poll-disclose-results-after-closing = Panel members see the summary of the results when the task closes ({ $date }).
poll-disclose-results-facilitators = Only facilitators see the results; they are not shown to members.
poll-disclose-facilitators = Facilitators see the summary of the results at all times. The summary shows no names.
poll-helsinki-time = Finnish time
poll-edit-task = Edit task
poll-see-results = See the results
poll-export-csv = Download the answers (CSV)
poll-duplicate = Copy for the next round
poll-answered-editable = You have answered. You can change your answer until the task closes.
poll-answered-thanks = Thank you, your answer has been saved.
poll-not-open-yet = The task has not opened yet.
poll-closed-note = The task has closed and no longer takes answers.
poll-required = required
poll-optional = optional
poll-rank-choose = Choose a place
poll-rank-place =
    { $count ->
       *[other] Place { $count }
    }
poll-yes = Yes
poll-no = No
poll-save-answer = Save changes
poll-send-answer = Send answer
poll-hint-multiple = Pick { $min }–{ $max } options.
poll-hint-ranking =
    { $count ->
       *[other] Give each option a different place from 1 to { $count }; 1 is the most important.
    }
poll-hint-dots =
    { $count ->
        [one] You have 1 point to give. Write how many points you give each option; empty means zero.
       *[other] You have { $count } points to give. Write how many points you give each option; empty means zero. You need not use them all.
    }
poll-hint-text =
    { $count ->
       *[other] At most { $count } characters.
    }
poll-answer-saved = Your answer has been saved.
poll-editor-fixed = The task has opened: anonymity, who sees the results, the opening time and the questions stay as they are. You can change the title, introduction and closing time.
poll-field-title = Title
poll-field-intro = Introduction
poll-field-intro-hint = Say what the task is to find out and how the results will be used. You can use Markdown.
poll-field-opens = Opens
poll-field-closes = Closes
poll-time-hint = Finnish time, for example 2026-11-24T09:00.
poll-field-anonymity = Respondents
poll-field-anonymity-hint = This choice is locked when the task opens. Anonymous answers can never later be linked to the people who gave them.
poll-named = Named answers (an answer can be changed until closing)
poll-anonymous = Anonymous answers (each member answers once)
poll-field-results = Who sees the results and when
poll-field-shuffle = Show the options to each respondent in their own random order
poll-questions = Questions
poll-questions-hint = Question rows left empty are skipped. Add rows with the button at the end of the form.
poll-question-number =
    { $count ->
       *[other] Question { $count }
    }
poll-field-prompt = Question
poll-field-kind = Type
poll-field-required = An answer is required
poll-field-options = Options
poll-field-options-hint = One option per line. Needed for single choice, multiple choice, ranking and dot voting.
poll-field-limits = Limits (multiple choice, scale, points)
poll-field-min-picks = Fewest picks
poll-field-max-picks = Most picks
poll-field-scale-min = Low end of the scale
poll-field-scale-min-label = Label of the low end
poll-field-scale-max = High end of the scale
poll-field-scale-max-label = Label of the high end
poll-field-points = Points to give
poll-save-task = Save task
poll-more-questions = Add question rows
poll-task-created = The task has been created.
poll-task-updated = The task has been updated.
poll-task-duplicated = A copy has been made. Check its times and questions before it opens.
poll-copy-title = { $title } (copy)
poll-respondents =
    { $count ->
        [0] No respondents
        [one] 1 respondent
       *[other] { $count } respondents
    }
poll-col-option = Option
poll-col-count = Respondents
poll-col-share = Share of respondents
poll-col-points = Points
poll-col-share-points = Share of points
poll-col-average-rank = Average place
poll-points-total =
    { $count ->
        [one] 1 point in all
       *[other] { $count } points in all
    }
poll-points =
    { $count ->
        [one] 1 point
       *[other] { $count } points
    }
poll-average = average { $value }
poll-results = Results
poll-back-to-task = Back to the task
poll-breakdown = Break down by company
poll-breakdown-none = Everyone together
poll-breakdown-show = Show
poll-breakdown-small-groups = Answers to an anonymous task keep no company facts, since a rare mix of industry, region and stage would give the respondent away. So the results cannot be broken down by company.
poll-no-answers = No answers yet.
poll-group-other = Others and unknown
poll-groups-hidden = So that no company can be told apart, groups with fewer than { $min } answer sets are not shown on their own: they are counted under "Others and unknown" when that group reaches { $min }, and otherwise left out here (they are in the overall results).
poll-csv-name = Name
poll-csv-company = Company
poll-csv-saved-at = Saved
