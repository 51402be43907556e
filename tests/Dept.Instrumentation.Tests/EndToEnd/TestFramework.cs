namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>
/// One test framework set up the way its users set it up, for a generated project with a latent AB-BA (#14).
/// <paramref name="Group"/> is the folder: <c>vstest</c>, or <c>mtp</c> whose global.json opts <c>dotnet test</c>
/// into Microsoft.Testing.Platform, as the .NET 10 SDK requires for xunit.v3 4.x and TUnit.
/// </summary>
/// A framework with <paramref name="OptIn"/> has the MSBuild opt-in of docs/how-to/attach-to-a-test-run.md (the
/// runtime referenced, Dept.targets imported); the others know nothing of Dept (zero-touch <c>dept test</c> only).
internal sealed record TestFramework(string Name, string Group, string Packages, string Properties, string Using, string ClassAttribute, string TestAttribute, bool OptIn = true)
{
    public static readonly TestFramework[] All =
    [
        new("XunitV2", "vstest", Package("xunit", "2.9.3") + Package("xunit.runner.visualstudio", "3.1.5") + Package("Microsoft.NET.Test.Sdk", "18.0.1"), string.Empty, "Xunit", string.Empty, "[Fact]"),
        new("MSTestVSTest", "vstest", Package("MSTest", "4.5.3"), "<EnableMSTestRunner>false</EnableMSTestRunner>", "Microsoft.VisualStudio.TestTools.UnitTesting", "[TestClass]", "[TestMethod]"),
        new("NUnitVSTest", "vstest", Package("NUnit", "5.0.0") + Package("NUnit3TestAdapter", "6.3.1") + Package("Microsoft.NET.Test.Sdk", "18.0.1"), string.Empty, "NUnit.Framework", string.Empty, "[Test]"),
        new("XunitV3", "mtp", Package("xunit.v3", "4.0.3"), "<OutputType>Exe</OutputType>", "Xunit", string.Empty, "[Fact]", OptIn: false),
        new("MSTestMtp", "mtp", Package("MSTest", "4.5.3"), "<OutputType>Exe</OutputType><EnableMSTestRunner>true</EnableMSTestRunner>", "Microsoft.VisualStudio.TestTools.UnitTesting", "[TestClass]", "[TestMethod]"),
        new("NUnitMtp", "mtp", Package("NUnit", "5.0.0") + Package("NUnit3TestAdapter", "6.3.1"), "<OutputType>Exe</OutputType><EnableNUnitRunner>true</EnableNUnitRunner>", "NUnit.Framework", string.Empty, "[Test]"),

        // TUnit runs tests in parallel by default: the two orders would really deadlock, not just be latent.
        new("TUnitMtp", "mtp", Package("TUnit", "1.86.0"), "<OutputType>Exe</OutputType>", "TUnit.Core", "[NotInParallel]", "[Test]"),
    ];

    public static TestFramework Named(string name) => All.Single(f => f.Name == name);

    /// <summary>The project file; <paramref name="cli"/> is the dept.dll whose runtime and targets an opt-in project uses.</summary>
    public string Project(string cli, string targets) => $$"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <IsTestProject>true</IsTestProject>
            {{Properties}}
          </PropertyGroup>
          <ItemGroup>
            {{Packages}}
          </ItemGroup>
          {{(OptIn ? OptInLines(cli, targets) : string.Empty)}}
        </Project>
        """;

    private static string OptInLines(string cli, string targets)
    {
        var dir = Path.GetDirectoryName(cli);
        return $"""
            <PropertyGroup>
                <DeptCliPath>{cli}</DeptCliPath>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{dir}/Dept.Instrumentation.dll" />
                <Reference Include="{dir}/Dept.Core.dll" />
              </ItemGroup>
              <Import Project="{targets}" />
            """;
    }

    /// <summary>Two tests, one per lock order; sequential, so they pass and never hang, but the order inverts.</summary>
    public string Tests => $$"""
        using {{Using}};

        namespace Generated;

        {{ClassAttribute}}
        public class AbbaTests
        {
            private static readonly object First = new();
            private static readonly object Second = new();

            {{TestAttribute}}
            public void FirstThenSecond()
            {
                lock (First)
                {
                    lock (Second)
                    {
                    }
                }
            }

            {{TestAttribute}}
            public void SecondThenFirst()
            {
                lock (Second)
                {
                    lock (First)
                    {
                    }
                }
            }
        }
        """;

    private static string Package(string id, string version) => $"""<PackageReference Include="{id}" Version="{version}" />""";
}
