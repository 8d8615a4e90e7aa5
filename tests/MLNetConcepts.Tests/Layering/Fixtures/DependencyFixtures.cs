// Fixtures of NamespaceLayeringTests.TheReaderFindsUsesHiddenInCompilerGeneratedCodeAndSignatures: each user type
// uses exactly one type of the Used namespace, each from a different place in the compiled code.
namespace MLNetConcepts.Tests.Layering.Fixtures.Used
{
    public class UsedAsBaseType;

    public sealed class UsedAsFieldType;

    public sealed class UsedInSignature;

    public sealed class UsedAsGenericArgument;

    public sealed class UsedInLambda;

    public sealed class UsedInAsyncMethod;

    public sealed class UsedInIterator;

    public sealed class UsedByNestedType;

    public sealed class UsedInAttributeArgument;

    public static class UsedThroughStaticMember
    {
        public static int Value => 1;
    }

    [AttributeUsage(AttributeTargets.Class)]
    public sealed class MarkerAttribute(Type marked) : Attribute
    {
        public Type Marked { get; } = marked;
    }
}

namespace MLNetConcepts.Tests.Layering.Fixtures.Users
{
    using MLNetConcepts.Tests.Layering.Fixtures.Used;

    public class BaseTypeUser : UsedAsBaseType;

    public sealed class FieldUser
    {
        public UsedAsFieldType? Field;
    }

    public static class SignatureUser
    {
        public static object? Take(UsedInSignature? value) => value;
    }

    public static class GenericArgumentUser
    {
        public static int Count() => new List<UsedAsGenericArgument>().Count;
    }

    public static class LambdaUser
    {
        public static Func<object> Make() => () => new UsedInLambda();
    }

    public static class AsyncUser
    {
        public static async Task<object> MakeAsync()
        {
            await Task.Yield();
            return new UsedInAsyncMethod();
        }
    }

    public static class IteratorUser
    {
        public static IEnumerable<object> Make()
        {
            yield return new UsedInIterator();
        }
    }

    public static class NestedTypeUser
    {
        public static class Inner
        {
            public static object Make() => new UsedByNestedType();
        }
    }

    [Marker(typeof(UsedInAttributeArgument))]
    public static class AttributeUser;

    public static class StaticMemberUser
    {
        public static int Read() => UsedThroughStaticMember.Value;
    }
}
