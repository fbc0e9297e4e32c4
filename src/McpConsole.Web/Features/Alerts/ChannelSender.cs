using System.Net.Http.Json;
using MailKit.Net.Smtp;
using Microsoft.AspNetCore.DataProtection;
using MailKit.Security;
using McpConsole.Core.Text;
using MimeKit;
using McpConsole.Web.Infrastructure.Outbound;

namespace McpConsole.Web.Features.Alerts;

/// <summary>Sends one message through one channel: SMTP via MailKit, or a JSON POST to a webhook.</summary>
public sealed class ChannelSender(ChannelSecrets secrets, IHttpClientFactory httpClients, ILogger<ChannelSender> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public async Task<SendResult> SendAsync(AlertChannel channel, IReadOnlyList<string> recipients, OutgoingMessage message, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Timeout);
        try
        {
            return channel.Kind == ChannelKinds.Email
                ? await SendMailAsync(channel, recipients, message, deadline.Token)
                : await PostWebhookAsync(channel, message, deadline.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Channel {Channel} failed: {Error}", channel.Name, ex.Message);
            return new SendResult(false, Describe(ex));
        }
    }

    private async Task<SendResult> SendMailAsync(AlertChannel channel, IReadOnlyList<string> recipients, OutgoingMessage message, CancellationToken ct)
    {
        if (recipients.Count == 0)
            return new SendResult(false, "no recipients");
        var mail = new MimeMessage { Subject = message.Subject };
        mail.From.Add(MailboxAddress.Parse(channel.From ?? "mcpconsole@localhost"));
        foreach (var to in recipients)
            mail.To.Add(MailboxAddress.Parse(to));
        mail.Body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text }.ToMessageBody();

        using var smtp = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        await smtp.ConnectAsync(channel.Host ?? "", channel.Port, ParseTls(channel.TlsMode), ct);
        var password = secrets.Unprotect(channel.PasswordProtected);
        if (!string.IsNullOrEmpty(channel.Username) && smtp.Capabilities.HasFlag(SmtpCapabilities.Authentication))
            await smtp.AuthenticateAsync(channel.Username, password ?? "", ct);
        var answer = await smtp.SendAsync(mail, ct);
        await smtp.DisconnectAsync(true, ct);
        return new SendResult(true, answer);
    }

    private async Task<SendResult> PostWebhookAsync(AlertChannel channel, OutgoingMessage message, CancellationToken ct)
    {
        var client = httpClients.CreateClient(nameof(ChannelSender));
        var payload = message.WebhookPayload ?? new { subject = message.Subject, text = message.Text };
        // Channels stored before webhook URLs were encrypted keep theirs in WebhookUrl until WebhookUrlUpgrade runs.
        using var response = await client.PostAsJsonAsync(secrets.Unprotect(channel.WebhookUrlProtected) ?? channel.WebhookUrl, payload, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var answer = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" + (body.Length > 0 ? $": {SafeText.Cut(body, 500)}" : "");
        return new SendResult(response.IsSuccessStatusCode, answer);
    }

    private static SecureSocketOptions ParseTls(string mode) => mode switch
    {
        TlsModes.None => SecureSocketOptions.None,
        TlsModes.StartTls => SecureSocketOptions.StartTls,
        TlsModes.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    private static string Describe(Exception ex) => OutboundRefusedException.Find(ex) is { } refused ? refused.Message : ex switch
    {
        OperationCanceledException => $"timed out after {Timeout.TotalSeconds:0} s",
        SmtpCommandException smtp => $"SMTP {(int)smtp.StatusCode} {smtp.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}

/// <summary>Encrypts channel passwords at rest with ASP.NET Data Protection (keys in the database).</summary>
public sealed class ChannelSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("McpConsole.Alerts.Channels.v1");

    public string? Protect(string? secret) => string.IsNullOrEmpty(secret) ? null : _protector.Protect(secret);

    public string? Unprotect(string? protectedSecret) => string.IsNullOrEmpty(protectedSecret) ? null : _protector.Unprotect(protectedSecret);
}
