using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Accounts;

/// <summary>Users: password checks with lock-out, creation and role changes. Every outcome is audited.</summary>
public sealed class AccountService(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    IPasswordHasher<ConsoleUser> hasher,
    AuditLog audit,
    TimeProvider clock,
    IOptions<ConsoleOptions> options)
{
    public const int MinimumPasswordLength = 12;
    private SecurityOptions Security => options.Value.Security;

    public async Task<LoginResult> LoginAsync(string userName, string password, string? remoteAddress, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == userName, ct);
        var now = clock.GetUtcNow();

        if (user is null || user.Disabled)
        {
            // Same answer as a wrong password: the page must not reveal which user names exist.
            await audit.RecordAsync(new(userName, "auth.login", Details: "unknown or disabled user", Succeeded: false, RemoteAddress: remoteAddress), ct);
            return LoginResult.Invalid;
        }
        if (user.LockedUntil is { } until && until > now)
        {
            await audit.RecordAsync(new(userName, "auth.login", Details: "account locked", Succeeded: false, RemoteAddress: remoteAddress), ct);
            return LoginResult.Locked(until);
        }

        // Claim one of the MaxFailedLogins attempts before the password is looked at, in one conditional UPDATE: parallel
        // guesses cannot all read the same count, so at most MaxFailedLogins passwords are evaluated per lockout.
        var max = Security.MaxFailedLogins;
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.LockedUntil == null || u.LockedUntil <= now) && u.FailedLoginCount < max)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLoginCount, u => u.FailedLoginCount + 1), ct);
        if (claimed == 0)
        {
            // The last attempts are being evaluated (or one just locked the account): this one is not.
            var lockedUntil = await db.Users.Where(u => u.Id == user.Id).Select(u => u.LockedUntil).SingleAsync(ct);
            await audit.RecordAsync(new(userName, "auth.login", Details: "account locked", Succeeded: false, RemoteAddress: remoteAddress), ct);
            return LoginResult.Locked(lockedUntil is { } t && t > now ? t : now + Security.LockoutDuration);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            // Whichever failed attempt finds the limit reached locks the account (once: the lock resets the count).
            var lockedUntil = now + Security.LockoutDuration;
            var lockNow = await db.Users
                .Where(u => u.Id == user.Id && u.FailedLoginCount >= max)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockedUntil, lockedUntil).SetProperty(u => u.FailedLoginCount, 0), ct) > 0;
            await audit.RecordAsync(new(userName, "auth.login", Details: lockNow ? "wrong password; account locked" : "wrong password", Succeeded: false, RemoteAddress: remoteAddress), ct);
            return lockNow ? LoginResult.Locked(lockedUntil) : LoginResult.Invalid;
        }

        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : user.PasswordHash;
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.PasswordHash, rehash)
            .SetProperty(u => u.FailedLoginCount, 0)
            .SetProperty(u => u.LockedUntil, u => u.LockedUntil > now ? u.LockedUntil : null) // a lock set meanwhile stays
            .SetProperty(u => u.LastLoginAt, now), ct);
        user.LastLoginAt = now;
        user.FailedLoginCount = 0;
        await audit.RecordAsync(new(userName, "auth.login", RemoteAddress: remoteAddress), ct);
        return LoginResult.Success(user);
    }

    public async Task<ConsoleUser> CreateUserAsync(string userName, string password, ConsoleRole role, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > 64)
            throw new AccountException("A user name is required (at most 64 characters).");
        if (password.Length < MinimumPasswordLength)
            throw new AccountException($"The password must have at least {MinimumPasswordLength} characters.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Users.AnyAsync(u => u.UserName == userName, ct))
            throw new AccountException($"A user named '{userName}' already exists.");

        var user = new ConsoleUser { UserName = userName.Trim(), PasswordHash = "", Role = role, CreatedAt = clock.GetUtcNow() };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new(actor, "user.created", user.UserName, $"role {role}"), ct);
        return user;
    }

    public async Task<IReadOnlyList<ConsoleUser>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
    }

    public async Task<bool> AnyUserAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AnyAsync(ct);
    }
}

public sealed class AccountException(string message) : Exception(message);

public sealed record LoginResult(ConsoleUser? User, DateTimeOffset? LockedUntil)
{
    public static readonly LoginResult Invalid = new(null, null);
    public static LoginResult Locked(DateTimeOffset until) => new(null, until);
    public static LoginResult Success(ConsoleUser user) => new(user, null);
    public bool Succeeded => User is not null;
}
