using McpConsole.Core.Health;

namespace McpConsole.Core.Tests.Health;

public class ProbeFailureTests
{
    [Theory]
    [InlineData(ProbeFailureKind.Timeout, null, "timed out")]
    [InlineData(ProbeFailureKind.Timeout, "handshake after 10 s", "timed out (handshake after 10 s)")]
    [InlineData(ProbeFailureKind.ConnectionRefused, "127.0.0.1:5100", "connection refused (127.0.0.1:5100)")]
    [InlineData(ProbeFailureKind.ConnectionRefused, "", "connection refused")]
    [InlineData(ProbeFailureKind.TransportClosed, null, "transport closed")]
    [InlineData(ProbeFailureKind.TransportClosed, "stdout closed", "transport closed (stdout closed)")]
    [InlineData(ProbeFailureKind.CommandNotFound, null, "command not found")]
    [InlineData(ProbeFailureKind.InvalidUrl, null, "invalid URL")]
    [InlineData(ProbeFailureKind.ProtocolError, "garbage on stdout", "protocol error: garbage on stdout")]
    [InlineData(ProbeFailureKind.ProtocolError, null, "protocol error")]
    [InlineData(ProbeFailureKind.Other, "boom", "boom")]
    [InlineData(ProbeFailureKind.Other, null, "unknown error")]
    [InlineData(ProbeFailureKind.Unauthorized, null, "unauthorized")]
    [InlineData(ProbeFailureKind.HttpStatus, null, "HTTP error")]
    public void Describe_EachKind_IsPlainText(ProbeFailureKind kind, string? detail, string expected)
    {
        Assert.Equal(expected, new ProbeFailure(kind, detail).Describe());
    }

    [Fact]
    public void Http500_IsHttpStatusWithCode()
    {
        var failure = ProbeFailure.Http(500, "Internal Server Error");

        Assert.Equal(ProbeFailureKind.HttpStatus, failure.Kind);
        Assert.Equal("HTTP 500 (Internal Server Error)", failure.Describe());
        Assert.False(failure.IsPersistent);
        Assert.Null(failure.PersistentState);
    }

    [Fact]
    public void HttpStatusKindWith401_IsStillPersistentUnauthorized()
    {
        var failure = new ProbeFailure(ProbeFailureKind.HttpStatus, HttpStatusCode: 401);

        Assert.True(failure.IsPersistent);
        Assert.Equal(HealthState.Unauthorized, failure.PersistentState);
    }

    [Theory]
    [InlineData(ProbeFailureKind.Unauthorized, HealthState.Unauthorized)]
    [InlineData(ProbeFailureKind.CommandNotFound, HealthState.Misconfigured)]
    [InlineData(ProbeFailureKind.InvalidUrl, HealthState.Misconfigured)]
    public void PersistentKinds_MapToTheirState(ProbeFailureKind kind, HealthState state)
    {
        Assert.Equal(state, new ProbeFailure(kind).PersistentState);
    }

    [Theory]
    [InlineData(ProbeFailureKind.Timeout)]
    [InlineData(ProbeFailureKind.ConnectionRefused)]
    [InlineData(ProbeFailureKind.TransportClosed)]
    [InlineData(ProbeFailureKind.HttpStatus)]
    [InlineData(ProbeFailureKind.ProtocolError)]
    [InlineData(ProbeFailureKind.Other)]
    public void TransientKinds_AreNotPersistent(ProbeFailureKind kind)
    {
        Assert.False(new ProbeFailure(kind).IsPersistent);
    }

    [Fact]
    public void TransportClosed_WithExitCodeOnly_SaysExitCode()
    {
        Assert.Equal("process exited with code 1", ProbeFailure.TransportClosed(1, "  \n").Describe());
    }

    [Fact]
    public void TransportClosed_WithoutExitCodeButStderr_ShowsStderr()
    {
        Assert.Equal("transport closed: segfault", ProbeFailure.TransportClosed(null, "segfault").Describe());
    }

    [Fact]
    public void TransportClosed_LongStderr_KeepsTheLast500Characters()
    {
        var stderr = new string('a', 100) + new string('z', 500);

        var description = ProbeFailure.TransportClosed(2, stderr).Describe();

        Assert.Equal("process exited with code 2: …" + new string('z', 500), description);
    }

    [Fact]
    public void Factories_SetKindAndFields()
    {
        Assert.Equal(new ProbeFailure(ProbeFailureKind.Timeout, "x"), ProbeFailure.Timeout("x"));
        Assert.Equal(new ProbeFailure(ProbeFailureKind.ProtocolError, "x"), ProbeFailure.Protocol("x"));
        Assert.Equal(new ProbeFailure(ProbeFailureKind.Other, "x"), ProbeFailure.OtherError("x"));
        Assert.Equal(new ProbeFailure(ProbeFailureKind.Unauthorized, null, HttpStatusCode: 401), ProbeFailure.Http(401));
    }

    [Fact]
    public void ProbeResult_Factories_SetSuccessFlag()
    {
        Assert.True(ProbeResult.Success(TimeSpan.FromMilliseconds(1)).Succeeded);
        Assert.False(ProbeResult.Failed(ProbeFailure.Timeout()).Succeeded);
        Assert.Equal(TimeSpan.Zero, ProbeResult.Failed(ProbeFailure.Timeout()).Latency);
    }
}
