using McpConsole.Web;
using McpConsole.Web.Infrastructure;
using McpConsole.Web.Infrastructure.DataProtection;
using McpConsole.Web.Infrastructure.Operations;
using McpConsole.Web.Infrastructure.Storage;
using McpConsole.Web.Infrastructure.Storage.Postgres;

if (SelfHealthCheck.Requested(args))
    return await SelfHealthCheck.RunAsync();
if (MigrateToPostgresCommand.Requested(args))
    return await MigrateToPostgresCommand.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
try
{
    var dataDirectory = builder.AcquireDataDirectory();
    builder.AddConsoleServices(dataDirectory, args);
}
catch (Exception ex) when (ex is DataDirectoryInUseException or StorageConfigurationException or MasterKeyException)
{
    Console.Error.WriteLine($"McpConsole cannot start: {ex.Message}");
    return 2;
}

var app = builder.Build();
app.UseConsolePipeline();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
