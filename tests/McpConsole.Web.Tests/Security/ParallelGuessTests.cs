using McpConsole.TestSupport;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Tests.ScaleOut;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.Security;

/// <summary>
/// Issue 15, item 8: the failed-login counter was read, incremented and written back, so parallel guesses all saw the
/// same count and each one had its password checked. Now at most MaxFailedLogins (5) are checked before the lock-out,
/// on SQLite and on PostgreSQL.
/// </summary>
public abstract class ParallelGuessTests
{
    protected abstract ConsoleAppFactory Console { get; }

    private AccountService Accounts => Console.Services.GetRequiredService<AccountService>();

    [Fact]
    public async Task TwentyParallelWrongGuesses_AtMostFiveAreChecked_ThenTheAccountIsLocked()
    {
        var user = "burst-" + Guid.NewGuid().ToString("N")[..6];
        await Accounts.CreateUserAsync(user, "the-right-password-1", ConsoleRole.Admin, "test");

        var results = await InParallel(Enumerable.Repeat("wrong-guess", 20), user);

        var checkedGuesses = await CheckedPasswordsAsync(user);
        Assert.InRange(checkedGuesses, 1, 5);
        Assert.Contains(results, r => r.LockedUntil is not null);
        var right = await Accounts.LoginAsync(user, "the-right-password-1", null);
        Assert.False(right.Succeeded, "the right password must not open an account locked by a burst of guesses");
    }

    [Fact]
    public async Task RightPasswordArrivingDuringABurst_AfterTheLimit_DoesNotSucceed()
    {
        var user = "middle-" + Guid.NewGuid().ToString("N")[..6];
        await Accounts.CreateUserAsync(user, "the-right-password-2", ConsoleRole.Admin, "test");

        var gate = new TaskCompletionSource();
        var guesses = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            return await Accounts.LoginAsync(user, "wrong-guess", "203.0.113.7");
        })).ToList();
        gate.SetResult();
        // Once five guesses have been counted (their hashes take tens of milliseconds to check), the owner logs in.
        await UntilFiveAttemptsCountedAsync(user, guesses);
        var right = await Accounts.LoginAsync(user, "the-right-password-2", "203.0.113.7");
        await Task.WhenAll(guesses);

        Assert.False(right.Succeeded, "the right password was checked after five wrong ones were already being checked");
        Assert.NotNull(right.LockedUntil);
        Assert.InRange(await CheckedPasswordsAsync(user), 1, 5);
    }

    /// <summary>Until the stored count reaches five, the account is locked, or every guess is done (10 s at most).</summary>
    private async Task UntilFiveAttemptsCountedAsync(string user, List<Task<LoginResult>> guesses)
    {
        var dbFactory = Console.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !guesses.All(g => g.IsCompleted))
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var row = await db.Users.AsNoTracking().Where(u => u.UserName == user).Select(u => new { u.FailedLoginCount, u.LockedUntil }).SingleAsync();
            if (row.FailedLoginCount >= 5 || row.LockedUntil is not null)
                return;
            await Task.Delay(5);
        }
    }

    private async Task<List<LoginResult>> InParallel(IEnumerable<string> passwords, string user)
    {
        var gate = new TaskCompletionSource();
        var attempts = passwords.Select(p => Task.Run(async () =>
        {
            await gate.Task;
            return await Accounts.LoginAsync(user, p, "203.0.113.7");
        })).ToList();
        gate.SetResult();
        return [.. await Task.WhenAll(attempts)];
    }

    /// <summary>Passwords actually compared with the hash: audited as "wrong password" (or the success).</summary>
    private async Task<int> CheckedPasswordsAsync(string user)
    {
        var audit = await Console.Services.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(Actor: user, Action: "auth.login", Take: 500));
        return audit.Items.Count(e => e.Actor == user && (e.Succeeded || e.Details!.StartsWith("wrong password", StringComparison.Ordinal)));
    }
}

public sealed class ParallelGuessSqliteTests(ConsoleAppFixture app) : ParallelGuessTests, IClassFixture<ConsoleAppFixture>
{
    protected override ConsoleAppFactory Console => app.Factory;
}

public sealed class ParallelGuessPostgresTests(PostgresConsoleFixture app) : ParallelGuessTests, IClassFixture<PostgresConsoleFixture>
{
    protected override ConsoleAppFactory Console => app.Factory;
}

/// <summary>One console on a throwaway PostgreSQL cluster (probing off).</summary>
public sealed class PostgresConsoleFixture : IAsyncLifetime
{
    private readonly ScaleOutCluster _cluster = new();
    private ConsoleAppFactory? _factory;

    public ConsoleAppFactory Factory => _factory!;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _factory = ScaleOutCluster.Instance(await _cluster.CreateDatabaseAsync(), "authz", probing: false);
        _ = _factory.Services;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        await _cluster.DisposeAsync();
    }
}
