# Customer panels: withdrawing an application, editing one's own topic.
panel-withdraw = Peru hakemus
panel-withdraw-confirm = Hakemuksesi poistuu käsittelystä ja jonosta. Voit hakea myöhemmin uudelleen.
panel-withdraw-button = Peru hakemus
panel-withdrawn = Hakemuksesi on peruttu.
panel-log-withdrew = Hakemus peruttiin
panel-topic-edit = Muokkaa aihetta
panel-topic-edit-title = Muokkaa aihetta
panel-topic-save = Tallenna aihe
panel-topic-saved = Aihe on tallennettu.
