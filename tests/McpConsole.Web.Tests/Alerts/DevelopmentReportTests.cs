using System.Net;
using System.Net.Http.Json;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Alerts;
using McpConsole.Web.Features.Reports;

namespace McpConsole.Web.Tests.Alerts;

/// <summary>
/// "Send now" on a report, on the console as the README's `dotnet run` starts it (Development: service scopes
/// validated) and as production starts it (validated too, now): the mail arrives, delivered by the Hangfire job.
/// </summary>
public sealed class DevelopmentReportTests
{
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task SendNow_RendersInItsOwnScope_MailArrives(string environment)
    {
        await using var smtp = await SmtpTestServer.StartNewAsync();
        await using var app = new ConsoleAppFactory { Environment = environment };
        var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var channel = await admin.PostAsJsonAsync("/api/alerts/channels", new ChannelInput("dev mail", ChannelKinds.Email, Host: "127.0.0.1",
            Port: smtp.SmtpPort, TlsMode: TlsModes.None, From: "console@example.com", To: "oncall@example.com"));
        channel.EnsureSuccessStatusCode();
        var channelId = (await channel.Content.ReadFromJsonAsync<ChannelView>())!.Id;
        var created = await admin.PostAsJsonAsync("/api/reports", new ReportInput($"{environment} weekly", "weekly", null, "UTC", "reader@example.com",
            [.. ReportSections.All.Select(s => s.ToString())], channelId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var report = (await created.Content.ReadFromJsonAsync<ReportView>())!;

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/reports/{report.Id}/send", null)).StatusCode);

        var mails = await smtp.MessagesToAsync("reader@example.com", timeout: TimeSpan.FromSeconds(60));
        var history = await admin.GetFromJsonAsync<List<DeliveryView>>("/api/alerts/deliveries");
        Assert.True(mails.Count == 1, $"expected one mail, got {mails.Count}; deliveries: {string.Join("; ", history!.Select(d => d.Answer))}");
        Assert.StartsWith($"[McpConsole] {environment} weekly: ", mails[0].Subject);
        Assert.Contains("Fleet health and availability", mails[0].Html);
    }
}
