using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpConsole.Probing.Tests.Infrastructure;

/// <summary>A probe ladder with its own stdio supervisor and data directory, as the console wires it.</summary>
public sealed class LadderHarness : IAsyncDisposable
{
    private readonly DataDirectory _data;

    public LadderHarness(string? dataPath = null)
    {
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), "mcpconsole-probing-tests", Guid.NewGuid().ToString("N")[..12]);
        _data = DataDirectory.Acquire(DataPath);
        PidFile = new StdioPidFile(_data);
        Supervisor = new StdioSupervisor(PidFile, TimeProvider.System,
            Options.Create(new ProbingOptions { StdioShutdownTimeout = TimeSpan.FromSeconds(1) }), NullLogger<StdioSupervisor>.Instance,
            new McpConsole.Core.Health.BackoffPolicy(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)));
        Http = new HttpSessions();
        Ladder = new ProbeLadder(Supervisor, Http, NullLogger<ProbeLadder>.Instance);
    }

    public string DataPath { get; }
    public StdioPidFile PidFile { get; }
    public StdioSupervisor Supervisor { get; }
    public HttpSessions Http { get; }
    public ProbeLadder Ladder { get; }

    /// <summary>Releases the data directory without stopping processes: what a console killed with SIGKILL leaves.</summary>
    public void Abandon() => _data.Dispose();

    public async ValueTask DisposeAsync()
    {
        await Supervisor.DisposeAsync();
        await Http.DisposeAsync();
        _data.Dispose();
    }
}
