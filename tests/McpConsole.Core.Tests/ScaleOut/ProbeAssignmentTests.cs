using McpConsole.Core.ScaleOut;

namespace McpConsole.Core.Tests.ScaleOut;

public sealed class ProbeAssignmentTests
{
    private static readonly int[] Fleet = [.. Enumerable.Range(1, 1000)];

    [Fact]
    public void EveryServer_HasExactlyOneOwner_AndTheSplitIsEven()
    {
        string[] instances = ["console-a:4711:1f2e", "console-b:4712:9c0d", "console-c:33:77aa"];
        var counts = instances.ToDictionary(i => i, i => ProbeAssignment.ServersOf(i, Fleet, instances).Count);

        Assert.Equal(Fleet.Length, counts.Values.Sum());
        Assert.All(counts.Values, c => Assert.InRange(c, 270, 400)); // 333 each ideally
    }

    [Fact]
    public void InstanceDies_OnlyItsServersMove()
    {
        string[] three = ["a", "b", "c"];
        string[] two = ["a", "c"];
        var moved = Fleet.Count(id => ProbeAssignment.OwnerOf(id, three) != ProbeAssignment.OwnerOf(id, two));
        var ownedByB = ProbeAssignment.ServersOf("b", Fleet, three).Count;

        Assert.Equal(ownedByB, moved);
    }

    [Fact]
    public void InstanceJoins_TakesAboutItsShare_FromTheOthers()
    {
        string[] two = ["a", "b"];
        string[] three = ["a", "b", "c"];
        var moved = Fleet.Where(id => ProbeAssignment.OwnerOf(id, two) != ProbeAssignment.OwnerOf(id, three)).ToList();

        Assert.All(moved, id => Assert.Equal("c", ProbeAssignment.OwnerOf(id, three)));
        Assert.InRange(moved.Count, 270, 400);
    }

    [Fact]
    public void Answer_DoesNotDependOnTheOrderInstancesAreListed()
    {
        Assert.All(Fleet, id => Assert.Equal(ProbeAssignment.OwnerOf(id, ["x", "y", "z"]), ProbeAssignment.OwnerOf(id, ["z", "x", "y"])));
        Assert.Null(ProbeAssignment.OwnerOf(1, []));
    }
}
