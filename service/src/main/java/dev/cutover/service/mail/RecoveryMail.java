package dev.cutover.service.mail;

import dev.cutover.service.config.ServiceConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The template's emails: password recovery with a reset link, and the superuser's test email. Sending never
 * blocks or fails the request; a mail server that is down is logged.
 */
@ApplicationScoped
public class RecoveryMail {

    private static final Logger LOG = Logger.getLogger(RecoveryMail.class);

    /** Subject and HTML body of one email. */
    public record Content(String subject, String html) {
    }

    @Inject
    ReactiveMailer mailer;
    @Inject
    ServiceConfig config;

    public Content recoveryContent(String email, String token) {
        String link = config.frontendHost() + "/reset-password?token=" + token;
        String subject = config.projectName() + " - Password recovery for user " + email;
        String html = """
                <p>Hello %s,</p>
                <p>We received a request to recover the password of your %s account.
                Reset it by clicking the link below; it is valid for %d hours.</p>
                <p><a href="%s">Reset password</a></p>
                <p>If you did not ask for this, you can ignore this email.</p>
                """.formatted(escape(email), escape(config.projectName()), config.emailResetTokenExpireHours(), escape(link));
        return new Content(subject, html);
    }

    public void sendRecovery(String email, String token) {
        Content content = recoveryContent(email, token);
        send(Mail.withHtml(email, content.subject(), content.html()));
    }

    public void sendTest(String email) {
        send(Mail.withHtml(email, config.projectName() + " - Test email",
                "<p>Test email from " + escape(config.projectName()) + ".</p>"));
    }

    private void send(Mail mail) {
        if (config.emailsFromEmail().isEmpty()) {
            LOG.warnf("Not sending '%s': EMAILS_FROM_EMAIL is not set", mail.getSubject());
            return;
        }
        mail.setFrom(config.emailsFromEmail().get());
        mailer.send(mail).subscribe().with(
                ok -> LOG.debugf("Sent '%s'", mail.getSubject()),
                failure -> LOG.errorf("Could not send '%s': %s", mail.getSubject(), failure.getMessage()));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
