using System.Security.Cryptography;
using McpConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Diagnostics;

namespace McpConsole.Web.Infrastructure.DataProtection;

/// <summary>
/// A stored secret that cannot be decrypted (another master key, a lost key ring) answers the API with a problem that says
/// so, instead of a bare 500. Pages keep their own error page.
/// </summary>
public sealed partial class UnreadableSecretsHandler(IProblemDetailsService problems, ILogger<UnreadableSecretsHandler> logger) : IExceptionHandler
{
    public const string Title = "Stored secrets cannot be decrypted";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not CryptographicException)
            return false;
        LogUnreadable(logger, httpContext.Request.Path, exception.Message);
        if (!AuthSetup.IsMachineEndpoint(httpContext.Request.Path))
            return false;
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = Title,
                Detail = "The Data Protection key that encrypted this secret is not available: the console runs with a different master key " +
                    $"than the one the key ring was encrypted with. Restore the original {KeyRingProtection.KeyFileName} in the data directory " +
                    $"or set {KeyRingProtection.ConfigurationKey} to the original master key, then restart.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A stored secret could not be decrypted for {Path}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
