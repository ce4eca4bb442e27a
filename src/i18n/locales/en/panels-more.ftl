# Customer panels: withdrawing an application, editing one's own topic.
panel-withdraw = Withdraw the application
panel-withdraw-confirm = Your application leaves the review queue and the waiting list. You may apply again later.
panel-withdraw-button = Withdraw the application
panel-withdrawn = Your application has been withdrawn.
panel-log-withdrew = Application withdrawn
panel-topic-edit = Edit the topic
panel-topic-edit-title = Edit the topic
panel-topic-save = Save the topic
panel-topic-saved = The topic has been saved.
