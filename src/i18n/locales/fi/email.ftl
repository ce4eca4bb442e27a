email-kind-general = Tilin viestit
email-kind-panel-invitation = Kutsut paneeleihin
email-kind-panel-decision = Päätökset paneelihakemuksista
email-kind-poll-opened = Uudet ajankohtakyselyt
email-kind-time-confirmed = Vahvistetut työpajojen ajat
email-kind-registration = Ilmoittautumiset ja jonosta nousut
email-kind-workshop-changed = Työpajojen muutokset ja peruutukset
email-kind-reminder = Muistutukset ennen työpajaa
email-kind-task-closing = Sulkeutuvat tehtävät, joihin et ole vastannut
email-unsubscribe-footer = Saat tämän viestin, koska tilaat viestit aiheesta: { $kind }. Voit lopettaa ne tästä linkistä:
email-unsubscribe-link = Lopeta tämän aiheen viestit
email-unsubscribe-title = Viestien tilauksen lopetus
email-unsubscribe-confirm = Haluatko lopettaa sähköpostit aiheesta: { $kind }?
email-unsubscribe-submit = Lopeta viestit
email-unsubscribe-done = Et saa enää sähköposteja aiheesta: { $kind }.
email-unsubscribe-settings-note = Voit muuttaa valintojasi milloin tahansa.
email-unsubscribe-settings-link = Asetukset
email-unsubscribe-invalid-title = Linkki ei kelpaa
email-unsubscribe-invalid = Tätä tilauksen lopetuslinkkiä ei tunneta. Tarkista, että kopioit koko osoitteen, tai muuta valintojasi asetuksista.
email-bad-form = Lomaketta ei voitu lukea.
email-admin-title = Lähtevä sähköposti
email-admin-pending = { $count ->
    [one] Yksi viesti odottaa lähetystä.
   *[other] { $count } viestiä odottaa lähetystä.
}
email-admin-failed = Epäonnistuneet viestit
email-admin-none = Kaikki viestit on toimitettu.
email-admin-to = Vastaanottaja
email-admin-subject = Aihe
email-admin-attempts = Yrityksiä
email-admin-error = Viimeisin virhe
email-admin-failed-at = Luovuttu
email-admin-actions = Toiminnot
email-admin-retry = Yritä uudelleen
email-admin-retry-label = Yritä lähettää uudelleen: { $subject }
email-admin-retried = Viesti palautettiin lähetysjonoon.
