namespace SacOperator.Tests; public sealed class SmokeTests { [NUnit.Framework.Test] public void A(){} }
