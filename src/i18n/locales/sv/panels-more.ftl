# Customer panels: withdrawing an application, editing one's own topic.
panel-withdraw = Återkalla ansökan
panel-withdraw-confirm = Din ansökan tas bort från behandlingen och kön. Du kan ansöka igen senare.
panel-withdraw-button = Återkalla ansökan
panel-withdrawn = Din ansökan har återkallats.
panel-log-withdrew = Ansökan återkallades
panel-topic-edit = Redigera ämnet
panel-topic-edit-title = Redigera ämnet
panel-topic-save = Spara ämnet
panel-topic-saved = Ämnet har sparats.
