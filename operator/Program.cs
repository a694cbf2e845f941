using SacOperator.Operator.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
