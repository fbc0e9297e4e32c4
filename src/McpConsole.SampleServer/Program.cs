using McpConsole.SampleServer.Hosting;

return await SampleServerApp.RunAsync(args);
