using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace McpConsole.Web.Features.Fleet;

/// <summary>
/// Encrypts environment and header values at rest (ASP.NET Data Protection, keys in the database).
/// A map is stored as one protected JSON object; an empty map is stored as null.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    public const string Purpose = "McpConsole.Secrets.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string? Protect(IReadOnlyDictionary<string, string> secrets) =>
        secrets.Count == 0 ? null : _protector.Protect(JsonSerializer.Serialize(secrets));

    public IReadOnlyDictionary<string, string> Unprotect(string? protectedJson)
    {
        if (string.IsNullOrEmpty(protectedJson))
            return new Dictionary<string, string>(StringComparer.Ordinal);
        var json = _protector.Unprotect(protectedJson);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
