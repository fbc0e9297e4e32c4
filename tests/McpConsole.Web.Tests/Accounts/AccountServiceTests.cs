using System.Net.Http.Json;
using McpConsole.Web.Features.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.Accounts;

public sealed class AccountServiceTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    private AccountService Accounts => app.Factory.Services.GetRequiredService<AccountService>();

    [Fact]
    public async Task Login_WithRightPassword_Succeeds_AndIsAudited()
    {
        await Accounts.CreateUserAsync("olivia", "olivia-password-1", ConsoleRole.Operator, "test");
        var result = await Accounts.LoginAsync("olivia", "olivia-password-1", "127.0.0.1");
        Assert.True(result.Succeeded);
        Assert.Equal(ConsoleRole.Operator, result.User!.Role);

        var audit = await app.AdminClient().GetFromJsonAsync<AuditResultsDto>("/api/audit?actor=olivia&action=auth.login");
        Assert.Contains(audit!.Items, e => e.Succeeded);
    }

    [Fact]
    public async Task Login_UnknownUserAndWrongPassword_GiveTheSameAnswer()
    {
        await Accounts.CreateUserAsync("victor", "victor-password-1", ConsoleRole.Viewer, "test");
        var unknown = await Accounts.LoginAsync("nobody-by-this-name", "whatever-password", null);
        var wrong = await Accounts.LoginAsync("victor", "not-the-password", null);
        Assert.Equal(unknown, wrong);
        Assert.False(wrong.Succeeded);
        Assert.Null(wrong.LockedUntil);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksTheAccount_EvenForTheRightPassword()
    {
        await Accounts.CreateUserAsync("larry", "larry-password-12", ConsoleRole.Viewer, "test");
        for (var i = 0; i < 4; i++)
            Assert.Null((await Accounts.LoginAsync("larry", "wrong", null)).LockedUntil);
        var fifth = await Accounts.LoginAsync("larry", "wrong", null);
        Assert.NotNull(fifth.LockedUntil);
        Assert.InRange(fifth.LockedUntil!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));

        var right = await Accounts.LoginAsync("larry", "larry-password-12", null);
        Assert.False(right.Succeeded);
        Assert.NotNull(right.LockedUntil);
    }

    [Fact]
    public async Task CreateUser_DuplicateName_IsRefused()
    {
        await Accounts.CreateUserAsync("dora", "dora-password-12", ConsoleRole.Viewer, "test");
        var ex = await Assert.ThrowsAsync<AccountException>(() => Accounts.CreateUserAsync("dora", "dora-password-12", ConsoleRole.Viewer, "test"));
        Assert.Contains("already exists", ex.Message);
    }

    [Fact]
    public async Task Passwords_AreStoredHashed()
    {
        await Accounts.CreateUserAsync("hank", "hank-password-123", ConsoleRole.Viewer, "test");
        var user = (await Accounts.ListAsync()).Single(u => u.UserName == "hank");
        Assert.DoesNotContain("hank-password-123", user.PasswordHash);
        Assert.True(user.PasswordHash.Length > 40);
    }
}
