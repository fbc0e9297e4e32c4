using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Infrastructure.Outbound;

/// <summary>
/// The one policy for every URL the console fetches on an operator's behalf. Addresses are checked when the socket
/// connects (<see cref="SocketsHttpHandler.ConnectCallback"/>), on the addresses the name resolved to at that moment,
/// so a name that resolves to an allowed address when saved and to the metadata address later (DNS rebinding) is
/// still refused. Redirects are handled by <see cref="SameOriginRedirects"/>. No proxy is used: through a proxy the
/// console would never see the address it reaches.
/// </summary>
public sealed class OutboundPolicy
{
    private const string Setting = "McpConsole__Outbound__";

    private static readonly HashSet<IPAddress> MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, Azure, GCP, Oracle, OpenStack, DigitalOcean...
        IPAddress.Parse("169.254.170.2"), // AWS ECS task credentials
        IPAddress.Parse("169.254.170.23"), // AWS EKS pod identity
        IPAddress.Parse("fd00:ec2::254"), // AWS IMDS over IPv6
        IPAddress.Parse("fd00:ec2::23"), // AWS EKS pod identity over IPv6
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
    ];

    private static readonly HashSet<string> MetadataHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal",
    };

    private static readonly IPNetwork[] PrivateNetworks =
        [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("fc00::/7")];

    private static readonly IPNetwork LinkLocalV4 = IPNetwork.Parse("169.254.0.0/16");

    private readonly OutboundOptions _options;
    private readonly IPNetwork[] _denied;
    private readonly IPNetwork[] _allowedNetworks;
    private readonly HashSet<string> _allowedNames;

    public OutboundPolicy(IOptions<OutboundOptions> options)
    {
        _options = options.Value;
        _denied = [.. _options.DeniedCidrs.Select(ParseNetwork)];
        _allowedNetworks = [.. _options.AllowedHosts.Where(IsNetwork).Select(ParseNetwork)];
        _allowedNames = new(_options.AllowedHosts.Where(h => !IsNetwork(h)).Select(NormalizeHost), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The defaults, for code built without the host (tests of the probe ladder).</summary>
    public static OutboundPolicy Default { get; } = new(Options.Create(new OutboundOptions()));

    public int MaxRedirects => Math.Max(0, _options.MaxRedirects);

    /// <summary>
    /// The handler chain every outbound client uses: same-origin redirects only, over a socket handler that connects
    /// only to allowed addresses. <paramref name="configure"/> tunes the socket handler (pool sizes, lifetimes).
    /// </summary>
    public HttpMessageHandler CreateHandler(Action<SocketsHttpHandler>? configure = null)
    {
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = ConnectAsync,
        };
        configure?.Invoke(sockets);
        return new SameOriginRedirects(MaxRedirects) { InnerHandler = sockets };
    }

    /// <summary>Why the policy refuses this host name before any address is known (metadata host names), or null.</summary>
    public string? RefusalForName(string host)
    {
        host = NormalizeHost(host);
        if (_allowedNames.Contains(host) || IPAddress.TryParse(host, out _))
            return null;
        return MetadataHosts.Contains(host) && !_options.AllowLinkLocal
            ? $"{OutboundRefusedException.Prefix}{host} is a cloud metadata host; see {Setting}AllowLinkLocal or {Setting}AllowedHosts"
            : null;
    }

    /// <summary>Why the policy refuses connecting to <paramref name="address"/> (reached through <paramref name="host"/>), or null.</summary>
    public string? RefusalFor(IPAddress address, string host)
    {
        host = NormalizeHost(host);
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        var what = IPAddress.TryParse(host, out _) ? address.ToString() : $"{host} resolves to {address}, which";
        if (_denied.Where(n => n.Contains(address)).Select(n => (IPNetwork?)n).FirstOrDefault() is { } denied)
            return $"{OutboundRefusedException.Prefix}{what} is in the denied range {denied}; see {Setting}DeniedCidrs";
        if (_allowedNames.Contains(host) || _allowedNetworks.Any(n => n.Contains(address)))
            return null;
        if ((MetadataAddresses.Contains(address) || IsLinkLocal(address)) && !_options.AllowLinkLocal)
            return $"{OutboundRefusedException.Prefix}{what} is a link-local/metadata address; see {Setting}AllowLinkLocal or {Setting}AllowedHosts";
        if (IsLoopback(address) && !_options.AllowLoopback)
            return $"{OutboundRefusedException.Prefix}{what} is a loopback address; see {Setting}AllowLoopback or {Setting}AllowedHosts";
        if (IsPrivate(address) && !_options.AllowPrivateNetworks)
            return $"{OutboundRefusedException.Prefix}{what} is a private-network address; see {Setting}AllowPrivateNetworks or {Setting}AllowedHosts";
        return null;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        if (RefusalForName(host) is { } refusedName)
            throw new OutboundRefusedException(refusedName);
        var addresses = IPAddress.TryParse(NormalizeHost(host), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var refusals = addresses.Select(a => (Address: a, Reason: RefusalFor(a, host))).ToList();
        var allowed = refusals.Where(r => r.Reason is null).Select(r => r.Address).ToArray();
        if (allowed.Length == 0)
            throw refusals.FirstOrDefault().Reason is { } reason ? new OutboundRefusedException(reason) : new SocketException((int)SocketError.HostNotFound);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsLinkLocal(IPAddress a) => a.AddressFamily == AddressFamily.InterNetworkV6 ? a.IsIPv6LinkLocal : LinkLocalV4.Contains(a);

    private static bool IsLoopback(IPAddress a) => IPAddress.IsLoopback(a) || a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any);

    private static bool IsPrivate(IPAddress a) => a.IsIPv6SiteLocal || PrivateNetworks.Any(n => n.Contains(a));

    private static string NormalizeHost(string host) => host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.');

    private static bool IsNetwork(string entry) => IPNetwork.TryParse(entry.Trim(), out _) || IPAddress.TryParse(entry.Trim(), out _);

    private static IPNetwork ParseNetwork(string entry)
    {
        var text = entry.Trim();
        if (IPNetwork.TryParse(text, out var network))
            return network;
        if (IPAddress.TryParse(text, out var address))
            return new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        throw new OptionsValidationException(OutboundOptions.Section, typeof(OutboundOptions), [$"'{entry}' is not an address or CIDR range (DeniedCidrs)"]);
    }
}
