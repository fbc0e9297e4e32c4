namespace McpConsole.SampleServer.Tests.Infrastructure;

/// <summary>All tests share one collection (run one at a time: the machine has 2 cores) and its leak check.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<NoSurvivorsFixture>
{
    public const string Name = "sample-server";
}

/// <summary>At the end of the run, fails if any sample-server process started by the tests is still alive.</summary>
public sealed class NoSurvivorsFixture : IDisposable
{
    public void Dispose()
    {
        // stdio clients kill their child on dispose; give the OS a moment to reap.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        IReadOnlyList<string> left;
        while ((left = TestRun.SurvivingProcesses()).Count > 0 && DateTime.UtcNow < deadline) Thread.Sleep(200);
        if (left.Count > 0)
            throw new InvalidOperationException("Sample-server processes survived the test run:\n" + string.Join('\n', left));
    }
}
