using System.Security.Cryptography;
using System.Text;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.ApiKeys;

/// <summary>
/// Creates, revokes and checks API keys. Keys are 160+ bits of randomness, so an unsalted SHA-256 is enough
/// to make a stolen database useless while keeping the lookup a single indexed query.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<ConsoleDbContext> dbFactory, AuditLog audit, TimeProvider clock, IOptions<ConsoleOptions> options)
{
    private readonly FailedKeySampler _failures = new(clock, options.Value.Security.FailedKeyAuditInterval);

    public const int MinimumBootstrapKeyLength = 24;
    private static readonly TimeSpan UseAuditInterval = TimeSpan.FromMinutes(5);
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

    public async Task<CreatedApiKey> CreateAsync(string name, ConsoleRole role, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            throw new AccountException("A key name is required (at most 100 characters).");
        var prefix = "mcpc_" + RandomNumberGenerator.GetString(Alphabet, 8);
        var secret = prefix + "_" + RandomNumberGenerator.GetString(Alphabet, 32);
        var key = await StoreAsync(name.Trim(), prefix, secret, role, actor, ct);
        return new CreatedApiKey(key, secret);
    }

    /// <summary>Provisions McpConsole:Bootstrap:ApiKey as an admin key, once.</summary>
    public async Task EnsureBootstrapKeyAsync(string secret, CancellationToken ct = default)
    {
        if (secret.Length < MinimumBootstrapKeyLength)
            throw new InvalidOperationException($"McpConsole:Bootstrap:ApiKey must have at least {MinimumBootstrapKeyLength} characters.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hash = Hash(secret);
        if (await db.ApiKeys.AnyAsync(k => k.SecretHash == hash, ct))
            return;
        await StoreAsync("bootstrap", "boot_" + hash[..8], secret, ConsoleRole.Admin, "system", ct);
    }

    public async Task<ApiKey?> AuthenticateAsync(string secret, string? remoteAddress, CancellationToken ct = default)
    {
        var hash = Hash(secret);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.SecretHash == hash, ct);
        var now = clock.GetUtcNow();
        if (key is null || key.RevokedAt is not null)
        {
            var failure = key is null ? "unknown key" : "revoked key";
            var actor = key is null ? "anonymous" : ActorOf(key);
            if (_failures.ShouldRecord(remoteAddress ?? "unknown", actor, out var omitted))
            {
                var details = omitted == 0 ? failure : $"{failure}; {omitted} more failed key attempts from this address since the previous entry";
                await audit.RecordAsync(new(actor, "apikey.used", Details: details, Succeeded: false, RemoteAddress: remoteAddress), ct);
            }
            return null;
        }
        // Recording every request would drown the audit log; one entry per key per 5 minutes shows who automates what.
        if (key.LastUsedAt is null || now - key.LastUsedAt >= UseAuditInterval)
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(new(ActorOf(key), "apikey.used", RemoteAddress: remoteAddress), ct);
        }
        return key;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ToListAsync(ct);
    }

    public async Task<bool> RevokeAsync(int id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.FindAsync([id], ct);
        if (key is null || key.RevokedAt is not null)
            return false;
        key.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new(actor, "apikey.revoked", ActorOf(key)), ct);
        return true;
    }

    public static string ActorOf(ApiKey key) => $"key:{key.Name} ({key.Prefix})";

    private async Task<ApiKey> StoreAsync(string name, string prefix, string secret, ConsoleRole role, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = new ApiKey { Name = name, Prefix = prefix, SecretHash = Hash(secret), Role = role, CreatedBy = actor, CreatedAt = clock.GetUtcNow() };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(new(actor, "apikey.created", ActorOf(key), $"role {role}"), ct);
        return key;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

public sealed record CreatedApiKey(ApiKey Key, string Secret);
