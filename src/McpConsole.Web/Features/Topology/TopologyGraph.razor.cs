using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace McpConsole.Web.Features.Topology;

public sealed partial class TopologyGraph
{
    public const string ModulePath = "./js/topology/topology.js";
    public const string PositionsKey = "mcpconsole-topology-positions";

    [Parameter, EditorRequired] public required IReadOnlyList<TopologyElement> Elements { get; set; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    private ElementReference _element;
    private IJSObjectReference? _module;
    private DotNetObjectReference<TopologyGraph>? _self;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
        _self = DotNetObjectReference.Create(this);
        await _module.InvokeVoidAsync("create", _element, Elements, _self, PositionsKey);
    }

    /// <summary>Adds new nodes/edges next to their parents and updates existing ones; nothing else moves.</summary>
    public async Task UpsertAsync(IReadOnlyList<TopologyElement> elements)
    {
        if (_module is not null && elements.Count > 0)
            await _module.InvokeVoidAsync("upsert", _element, elements);
    }

    /// <summary>Recolours nodes: (node id, state name) pairs.</summary>
    public async Task SetStatesAsync(IReadOnlyList<string[]> states)
    {
        if (_module is not null && states.Count > 0)
            await _module.InvokeVoidAsync("setStates", _element, states);
    }

    public async Task RemoveAsync(IReadOnlyList<string> ids)
    {
        if (_module is not null && ids.Count > 0)
            await _module.InvokeVoidAsync("remove", _element, ids);
    }

    [JSInvokable]
    public void OpenServer(int serverId) => Navigation.NavigateTo($"servers/{serverId}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null)
            {
                await _module.InvokeVoidAsync("destroy", _element);
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
        }

        _self?.Dispose();
    }
}
