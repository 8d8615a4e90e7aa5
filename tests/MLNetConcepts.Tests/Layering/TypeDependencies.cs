using Mono.Cecil;
using Mono.Cecil.Cil;

namespace MLNetConcepts.Tests.Layering;

/// <summary>One use of a type by another type of the same assembly: who uses it (by full name) and what it uses.</summary>
public sealed record TypeUse(string UserType, string UserNamespace, string UsedType, string UsedNamespace)
{
    public override string ToString() => $"{UserType} -> {UsedType}";
}

/// <summary>
/// Reads a compiled assembly with Mono.Cecil and lists, for every type it declares, the types of the same assembly it
/// uses: base type and interfaces, fields, properties, events, method signatures, local variables, every operand of
/// every method body (types, methods, fields, generic arguments included), caught exceptions and attributes. A nested
/// type (a lambda's closure, an iterator's or async method's state machine included) counts as its outermost declaring
/// type, so the compiler's code is charged to the type whose source produced it.
/// </summary>
public static class TypeDependencies
{
    /// <summary>Every use, across namespaces or not, of one of <paramref name="assemblyPath"/>'s types by another.</summary>
    public static IReadOnlyList<TypeUse> Read(string assemblyPath)
    {
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        ModuleDefinition module = assembly.MainModule;
        var uses = new HashSet<TypeUse>();
        foreach (TypeDefinition type in module.Types.Where(IsWrittenInSource))
        {
            var used = new HashSet<TypeReference>(new SameTypeName());
            foreach (TypeDefinition part in SelfAndNested(type))
                CollectUses(part, used);
            foreach (TypeReference reference in used)
            {
                TypeReference outermost = Outermost(reference);
                if (!DeclaredIn(module, outermost) || outermost.FullName == type.FullName) continue;
                TypeDefinition? definition = outermost.Resolve();
                if (definition is null || !IsWrittenInSource(definition)) continue;
                uses.Add(new TypeUse(type.FullName, type.Namespace, outermost.FullName, outermost.Namespace));
            }
        }
        return [.. uses.OrderBy(u => u.UserType, StringComparer.Ordinal).ThenBy(u => u.UsedType, StringComparer.Ordinal)];
    }

    /// <summary>The namespaces of the top-level types written in source (the compiler's own helper types left out).</summary>
    public static IReadOnlyList<string> Namespaces(string assemblyPath)
    {
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        return [.. assembly.MainModule.Types.Where(IsWrittenInSource).Select(t => t.Namespace).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// False for what the compiler and source generators add at the top level: &lt;Module&gt;,
    /// &lt;PrivateImplementationDetails&gt;, collection-expression wrappers (all without a namespace), embedded
    /// attributes such as NullableAttribute ([CompilerGenerated]) and the regular-expression generator's classes
    /// ([GeneratedCode]).
    /// </summary>
    private static bool IsWrittenInSource(TypeDefinition type) =>
        type.Namespace.Length > 0 && !type.CustomAttributes.Any(a => a.AttributeType.FullName is
            "System.Runtime.CompilerServices.CompilerGeneratedAttribute" or "System.CodeDom.Compiler.GeneratedCodeAttribute");

    private static IEnumerable<TypeDefinition> SelfAndNested(TypeDefinition type) =>
        type.NestedTypes.SelectMany(SelfAndNested).Prepend(type);

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    /// <summary>Whether a reference names a type of <paramref name="module"/> rather than of a referenced assembly.</summary>
    private static bool DeclaredIn(ModuleDefinition module, TypeReference type) =>
        type is TypeDefinition definition ? definition.Module == module : type.Scope == module;

    private static void CollectUses(TypeDefinition type, HashSet<TypeReference> used)
    {
        AddType(type.BaseType, used);
        foreach (InterfaceImplementation implemented in type.Interfaces)
        {
            AddType(implemented.InterfaceType, used);
            AddAttributes(implemented, used);
        }
        AddAttributes(type, used);
        AddGenericParameters(type, used);
        foreach (FieldDefinition field in type.Fields)
        {
            AddType(field.FieldType, used);
            AddAttributes(field, used);
        }
        foreach (PropertyDefinition property in type.Properties)
        {
            AddType(property.PropertyType, used);
            AddAttributes(property, used);
        }
        foreach (EventDefinition @event in type.Events)
        {
            AddType(@event.EventType, used);
            AddAttributes(@event, used);
        }
        foreach (MethodDefinition method in type.Methods)
            CollectUses(method, used);
    }

    private static void CollectUses(MethodDefinition method, HashSet<TypeReference> used)
    {
        AddSignature(method, used);
        AddAttributes(method, used);
        AddAttributes(method.MethodReturnType, used);
        AddGenericParameters(method, used);
        foreach (ParameterDefinition parameter in method.Parameters)
            AddAttributes(parameter, used);
        foreach (MethodReference overridden in method.Overrides)
            AddMethod(overridden, used);
        if (!method.HasBody) return;
        foreach (VariableDefinition variable in method.Body.Variables)
            AddType(variable.VariableType, used);
        foreach (ExceptionHandler handler in method.Body.ExceptionHandlers)
            AddType(handler.CatchType, used);
        foreach (Instruction instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference operandType: AddType(operandType, used); break;
                case MethodReference operandMethod: AddMethod(operandMethod, used); break;
                case FieldReference operandField:
                    AddType(operandField.DeclaringType, used);
                    AddType(operandField.FieldType, used);
                    break;
                case CallSite callSite: AddSignature(callSite, used); break;
            }
        }
    }

    private static void AddMethod(MethodReference method, HashSet<TypeReference> used)
    {
        AddType(method.DeclaringType, used);
        AddSignature(method, used);
        if (method is GenericInstanceMethod generic)
            foreach (TypeReference argument in generic.GenericArguments)
                AddType(argument, used);
    }

    private static void AddSignature(IMethodSignature signature, HashSet<TypeReference> used)
    {
        AddType(signature.ReturnType, used);
        foreach (ParameterDefinition parameter in signature.Parameters)
            AddType(parameter.ParameterType, used);
    }

    private static void AddGenericParameters(IGenericParameterProvider provider, HashSet<TypeReference> used)
    {
        foreach (GenericParameter parameter in provider.GenericParameters)
        {
            foreach (GenericParameterConstraint constraint in parameter.Constraints)
                AddType(constraint.ConstraintType, used);
            AddAttributes(parameter, used);
        }
    }

    private static void AddAttributes(ICustomAttributeProvider provider, HashSet<TypeReference> used)
    {
        if (!provider.HasCustomAttributes) return;
        foreach (CustomAttribute attribute in provider.CustomAttributes)
        {
            AddType(attribute.AttributeType, used);
            // typeof(...) arguments, positional or named, are uses too.
            IEnumerable<CustomAttributeArgument> arguments = attribute.ConstructorArguments
                .Concat(attribute.Fields.Select(f => f.Argument)).Concat(attribute.Properties.Select(p => p.Argument));
            foreach (CustomAttributeArgument argument in arguments)
                AddAttributeValue(argument, used);
        }
    }

    private static void AddAttributeValue(CustomAttributeArgument argument, HashSet<TypeReference> used)
    {
        AddType(argument.Type, used);
        switch (argument.Value)
        {
            case TypeReference type: AddType(type, used); break;
            case CustomAttributeArgument boxed: AddAttributeValue(boxed, used); break;
            case CustomAttributeArgument[] array:
                foreach (CustomAttributeArgument element in array) AddAttributeValue(element, used);
                break;
        }
    }

    /// <summary>Adds a type and what it is built from: array, pointer and by-ref element types, generic arguments, modifiers.</summary>
    private static void AddType(TypeReference? type, HashSet<TypeReference> used)
    {
        switch (type)
        {
            case null: return;
            case GenericParameter: return;
            case GenericInstanceType generic:
                AddType(generic.ElementType, used);
                foreach (TypeReference argument in generic.GenericArguments) AddType(argument, used);
                return;
            case IModifierType modified:
                AddType(modified.ModifierType, used);
                AddType(modified.ElementType, used);
                return;
            case FunctionPointerType pointer:
                AddSignature(pointer, used);
                return;
            case TypeSpecification specification:  // arrays, pointers, by-ref, pinned, sentinel
                AddType(specification.ElementType, used);
                return;
            default:
                if (used.Add(type) && type.DeclaringType is not null) AddType(type.DeclaringType, used);
                return;
        }
    }

    /// <summary>Two references to one type are one use, whichever instance Cecil hands out.</summary>
    private sealed class SameTypeName : IEqualityComparer<TypeReference>
    {
        public bool Equals(TypeReference? x, TypeReference? y) => x?.FullName == y?.FullName && x?.Scope.Name == y?.Scope.Name;

        public int GetHashCode(TypeReference obj) => obj.FullName.GetHashCode(StringComparison.Ordinal);
    }
}
