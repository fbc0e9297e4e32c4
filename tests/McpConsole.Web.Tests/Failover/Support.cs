using McpConsole.TestSupport;

namespace McpConsole.Web.Tests.Failover;

internal static class Support
{
    public sealed record RoleStateDto(string Role, long Epoch);

    public static RoleStateDto? Dto(RoleState? s) => s is null ? null : new(s.Role, s.Epoch);
}
