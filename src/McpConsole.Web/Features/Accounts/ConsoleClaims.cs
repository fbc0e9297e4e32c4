using System.Security.Claims;

namespace McpConsole.Web.Features.Accounts;

public static class ConsoleClaims
{
    public const string AuthMethod = "mcpconsole:auth";
    public const string ApiKeyId = "mcpconsole:apikey";

    public static ClaimsPrincipal ForUser(ConsoleUser user, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, user.UserName),
        new Claim(ClaimTypes.Role, user.Role.ToString()),
        new Claim(AuthMethod, "password"),
    ], scheme));

    /// <summary>How the audit log names whoever is behind a request.</summary>
    public static string ActorName(this ClaimsPrincipal? principal) =>
        principal?.Identity is { IsAuthenticated: true, Name: { } name } ? name : "anonymous";

    public static ConsoleRole? Role(this ClaimsPrincipal principal) =>
        Enum.TryParse<ConsoleRole>(principal.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    public static bool HasRoleAtLeast(this ClaimsPrincipal principal, ConsoleRole role) =>
        principal.Role() is { } actual && actual >= role;
}
