using System.Security.Claims;
using McpConsole.Core.Backups;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Backups.Sources;

namespace McpConsole.Web.Features.Backups;

/// <summary>
/// Who may undo what. Restoring the console's own database rewrites users, API keys and the audit log, and a safety
/// backup is the only way back from a restore: both take an Admin. Other restores and deletes take an Operator.
/// </summary>
public static class BackupPermissions
{
    public static ConsoleRole RequiredToRestore(BackupView backup) =>
        backup.SourceKey == SourceRef.ConsoleDatabaseKey || backup.SourceKind == nameof(BackupSourceKind.ConsoleDatabase)
            ? ConsoleRole.Admin
            : ConsoleRole.Operator;

    public static ConsoleRole RequiredToDelete(BackupView backup) =>
        backup.IsSafetyBackup ? ConsoleRole.Admin : ConsoleRole.Operator;

    public static bool MayRestore(this ClaimsPrincipal user, BackupView backup) => user.HasRoleAtLeast(RequiredToRestore(backup));

    public static bool MayDelete(this ClaimsPrincipal user, BackupView backup) => user.HasRoleAtLeast(RequiredToDelete(backup));
}
