// The nanoFramework 1.x rules: language features that compile against the surfaces but that the
// nanoFramework 1.17 toolchain (MetadataProcessor) or nanoCLR cannot run, or run differently.
//
//   NF1001 generic type or method declaration        NF1009 pointers, fixed, stackalloc (the unsafe keyword alone is fine)
//   NF1002 use of a generic type or method           NF1010 tuples (System.ValueTuple is generic)
//   NF1003 async / await                             NF1011 iterators (yield): need IEnumerable<T>
//   NF1004 LINQ (query syntax, System.Linq)          NF1012 default interface members
//   NF1005 dynamic                                   NF1013 numeric format other than D F G N X
//   NF1006 Nullable<T> / T? on a value type          NF1014 enum to string (number on device, name on host)
//   NF1007 records
//   NF1008 multi-dimensional arrays                  NF1016 InternalCall signature the interop stubs cannot marshal
//                                                    NF1017 InternalCall methods without [assembly: AssemblyNativeVersion]
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NfGate
{
    internal sealed class RuleHit
    {
        public Location Location;
        public string Id;
        public string Message;
    }

    internal sealed class Rules : CSharpSyntaxWalker
    {
        private readonly SemanticModel _model;

        public Rules(SemanticModel model)
        {
            _model = model;
        }

        public List<RuleHit> Hits { get; } = new List<RuleHit>();

        private void Hit(SyntaxNode node, string id, string message)
        {
            Hit(node.GetLocation(), id, message);
        }

        private void Hit(Location location, string id, string message)
        {
            Hits.Add(new RuleHit { Location = location, Id = id, Message = message });
        }

        // ---- NF1001 generic declarations
        private void CheckTypeParameters(TypeParameterListSyntax list, SyntaxToken name, string what)
        {
            if (list != null && list.Parameters.Count > 0)
            {
                Hit(name.GetLocation(), "NF1001", "generic " + what + " '" + name.Text + list + "': nanoFramework 1.x has no generics (use object, ArrayList, Hashtable or a concrete type)");
            }
        }

        public override void VisitClassDeclaration(ClassDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "class");
            base.VisitClassDeclaration(node);
        }

        public override void VisitStructDeclaration(StructDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "struct");
            base.VisitStructDeclaration(node);
        }

        public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "interface");
            foreach (MemberDeclarationSyntax member in node.Members)
            {
                bool hasBody = member switch
                {
                    MethodDeclarationSyntax m => m.Body != null || m.ExpressionBody != null,
                    PropertyDeclarationSyntax p => p.ExpressionBody != null || (p.AccessorList != null && HasAccessorBody(p.AccessorList)),
                    IndexerDeclarationSyntax i => i.ExpressionBody != null || (i.AccessorList != null && HasAccessorBody(i.AccessorList)),
                    EventDeclarationSyntax e => e.AccessorList != null && HasAccessorBody(e.AccessorList),
                    OperatorDeclarationSyntax => true,
                    _ => false,
                };
                if (hasBody)
                {
                    Hit(member, "NF1012", "default interface member in '" + node.Identifier.Text + "': nanoCLR 1.x cannot run interface members with bodies");
                }
            }

            base.VisitInterfaceDeclaration(node);
        }

        private static bool HasAccessorBody(AccessorListSyntax list)
        {
            foreach (AccessorDeclarationSyntax a in list.Accessors)
            {
                if (a.Body != null || a.ExpressionBody != null)
                {
                    return true;
                }
            }

            return false;
        }

        public override void VisitDelegateDeclaration(DelegateDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "delegate");
            base.VisitDelegateDeclaration(node);
        }

        public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "method");
            CheckAsync(node.Modifiers, node.Identifier.GetLocation(), "method '" + node.Identifier.Text + "'");
            CheckInternalCall(node, node.Identifier);
            base.VisitMethodDeclaration(node);
        }

        public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
        {
            CheckTypeParameters(node.TypeParameterList, node.Identifier, "local function");
            CheckAsync(node.Modifiers, node.Identifier.GetLocation(), "local function '" + node.Identifier.Text + "'");
            base.VisitLocalFunctionStatement(node);
        }

        public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
        {
            Hit(node.Identifier.GetLocation(), "NF1007", "record '" + node.Identifier.Text + "': records are not supported on nanoFramework 1.x (write a class)");
            base.VisitRecordDeclaration(node);
        }

        // ---- NF1002 generic uses
        public override void VisitGenericName(GenericNameSyntax node)
        {
            Hit(node, "NF1002", "use of generic '" + node + "': nanoFramework 1.x has no generics (List<T>, Dictionary, Func/Action<T>, Span<T> do not exist)");
            base.VisitGenericName(node);
        }

        public override void VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            ISymbol symbol = _model.GetSymbolInfo(node).Symbol;
            if (symbol is IMethodSymbol method && method.IsGenericMethod && !(node.Expression is GenericNameSyntax) &&
                !(node.Expression is MemberAccessExpressionSyntax ma && ma.Name is GenericNameSyntax))
            {
                Hit(node.Expression, "NF1002", "call of generic method '" + method.Name + "' (type arguments inferred): nanoFramework 1.x has no generics");
            }

            if (symbol is IMethodSymbol m && m.Name == "ToString" && m.Parameters.Length == 0 && node.Expression is MemberAccessExpressionSyntax access)
            {
                ITypeSymbol receiver = _model.GetTypeInfo(access.Expression).Type;
                if (receiver != null && receiver.TypeKind == TypeKind.Enum)
                {
                    Hit(node, "NF1014", "ToString() of enum '" + receiver.Name + "': nanoFramework 1.x gives the number, desktop .NET the name (cast to int, or map names yourself)");
                }
            }

            if (symbol is IMethodSymbol f && node.ArgumentList.Arguments.Count >= 1)
            {
                CheckFormatCall(f, node);
            }

            base.VisitInvocationExpression(node);
        }

        // ---- NF1003 async/await
        private void CheckAsync(SyntaxTokenList modifiers, Location where, string what)
        {
            foreach (SyntaxToken t in modifiers)
            {
                if (t.IsKind(SyntaxKind.AsyncKeyword))
                {
                    Hit(where, "NF1003", "async " + what + ": async/await and Task do not exist on nanoFramework 1.x (use a Thread and wait handles)");
                }
            }
        }

        public override void VisitAwaitExpression(AwaitExpressionSyntax node)
        {
            Hit(node, "NF1003", "await: async/await and Task do not exist on nanoFramework 1.x");
            base.VisitAwaitExpression(node);
        }

        public override void VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
        {
            CheckAsync(node.Modifiers, node.GetLocation(), "lambda");
            base.VisitParenthesizedLambdaExpression(node);
        }

        public override void VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
        {
            CheckAsync(node.Modifiers, node.GetLocation(), "lambda");
            base.VisitSimpleLambdaExpression(node);
        }

        public override void VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
        {
            CheckAsync(node.Modifiers, node.GetLocation(), "anonymous method");
            base.VisitAnonymousMethodExpression(node);
        }

        // ---- NF1004 LINQ
        public override void VisitQueryExpression(QueryExpressionSyntax node)
        {
            Hit(node, "NF1004", "LINQ query: LINQ does not exist on nanoFramework 1.x (write the loop)");
            base.VisitQueryExpression(node);
        }

        public override void VisitUsingDirective(UsingDirectiveSyntax node)
        {
            string name = node.Name?.ToString() ?? node.NamespaceOrType?.ToString() ?? string.Empty;
            if (name == "System.Linq" || name.StartsWith("System.Linq.", System.StringComparison.Ordinal))
            {
                Hit(node, "NF1004", "using " + name + ": LINQ does not exist on nanoFramework 1.x");
            }
            else if (name == "System.Threading.Tasks")
            {
                Hit(node, "NF1003", "using System.Threading.Tasks: Task does not exist on nanoFramework 1.x");
            }
            else if (name == "System.Collections.Generic")
            {
                Hit(node, "NF1002", "using System.Collections.Generic: generic collections do not exist on nanoFramework 1.x (ArrayList, Hashtable, Queue, Stack)");
            }

            base.VisitUsingDirective(node);
        }

        // ---- NF1005 dynamic, NF1006 nullable value types
        public override void VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (node.Identifier.Text == "dynamic" && SyntaxFacts.IsInTypeOnlyContext(node))
            {
                ITypeSymbol t = _model.GetTypeInfo(node).Type;
                if (t != null && t.TypeKind == TypeKind.Dynamic)
                {
                    Hit(node, "NF1005", "dynamic: the dynamic type does not exist on nanoFramework 1.x");
                }
            }

            base.VisitIdentifierName(node);
        }

        public override void VisitNullableType(NullableTypeSyntax node)
        {
            ITypeSymbol element = _model.GetTypeInfo(node.ElementType).Type;
            bool valueType = element != null && (element.IsValueType || element.TypeKind == TypeKind.TypeParameter && !element.IsReferenceType);
            if (node.ElementType is PredefinedTypeSyntax p && !p.Keyword.IsKind(SyntaxKind.StringKeyword) && !p.Keyword.IsKind(SyntaxKind.ObjectKeyword))
            {
                valueType = true;
            }

            if (valueType)
            {
                Hit(node, "NF1006", "nullable value type '" + node + "': Nullable<T> does not exist on nanoFramework 1.x (use a flag or a sentinel value)");
            }

            base.VisitNullableType(node);
        }

        public override void VisitConditionalAccessExpression(ConditionalAccessExpressionSyntax node)
        {
            ITypeSymbol t = _model.GetTypeInfo(node).Type;
            if (t != null && (t.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T || t.Name == "Nullable"))
            {
                Hit(node, "NF1006", "'?.' on a value-typed member makes a Nullable<T>, which nanoFramework 1.x does not have (test for null first)");
            }

            base.VisitConditionalAccessExpression(node);
        }

        // ---- NF1008 multi-dimensional arrays
        public override void VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
        {
            if (node.Rank > 1)
            {
                Hit(node, "NF1008", "multi-dimensional array '" + node + "': not supported on nanoFramework 1.x (use a jagged array or index arithmetic)");
            }

            base.VisitArrayRankSpecifier(node);
        }

        // ---- NF1009 unsafe code
        public override void VisitPointerType(PointerTypeSyntax node)
        {
            Hit(node, "NF1009", "pointer type '" + node + "': nanoCLR 1.x does not run unsafe code");
            base.VisitPointerType(node);
        }

        public override void VisitFunctionPointerType(FunctionPointerTypeSyntax node)
        {
            Hit(node, "NF1009", "function pointer '" + node + "': nanoCLR 1.x does not run unsafe code");
            base.VisitFunctionPointerType(node);
        }

        public override void VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
        {
            if (node.IsKind(SyntaxKind.AddressOfExpression) || node.IsKind(SyntaxKind.PointerIndirectionExpression))
            {
                Hit(node, "NF1009", "pointer operation '" + node + "': nanoCLR 1.x does not run unsafe code");
            }

            base.VisitPrefixUnaryExpression(node);
        }

        public override void VisitFixedStatement(FixedStatementSyntax node)
        {
            Hit(node.FixedKeyword.GetLocation(), "NF1009", "fixed statement: nanoCLR 1.x does not run unsafe code");
            base.VisitFixedStatement(node);
        }

        public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
        {
            Hit(node, "NF1009", "stackalloc: nanoCLR 1.x has no stack allocation (localloc); allocate an array once and reuse it");
            base.VisitStackAllocArrayCreationExpression(node);
        }

        public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
        {
            Hit(node, "NF1009", "stackalloc: nanoCLR 1.x has no stack allocation (localloc)");
            base.VisitImplicitStackAllocArrayCreationExpression(node);
        }

        // ---- NF1010 tuples
        public override void VisitTupleType(TupleTypeSyntax node)
        {
            Hit(node, "NF1010", "tuple type '" + node + "': System.ValueTuple is generic and does not exist on nanoFramework 1.x");
            base.VisitTupleType(node);
        }

        public override void VisitTupleExpression(TupleExpressionSyntax node)
        {
            Hit(node, "NF1010", "tuple '" + node + "': System.ValueTuple is generic and does not exist on nanoFramework 1.x");
            base.VisitTupleExpression(node);
        }

        // ---- NF1011 iterators
        public override void VisitYieldStatement(YieldStatementSyntax node)
        {
            Hit(node, "NF1011", "yield: iterators compile to IEnumerable<T>/IEnumerator<T>, which nanoFramework 1.x does not have (return an array or ArrayList)");
            base.VisitYieldStatement(node);
        }

        // ---- NF1013 numeric formats
        private static bool IsNumeric(ITypeSymbol t)
        {
            if (t == null)
            {
                return false;
            }

            switch (t.SpecialType)
            {
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>nanoFramework 1.x formats numbers with D, F, G, N and X (either case, optional precision) only.</summary>
        public static bool IsSupportedNumericFormat(string format)
        {
            if (string.IsNullOrEmpty(format))
            {
                return true;
            }

            if ("DdFfGgNnXx".IndexOf(format[0]) < 0)
            {
                return false;
            }

            for (int i = 1; i < format.Length; i++)
            {
                if (format[i] < '0' || format[i] > '9')
                {
                    return false;
                }
            }

            return format.Length <= 3;
        }

        public override void VisitInterpolation(InterpolationSyntax node)
        {
            ITypeSymbol t = _model.GetTypeInfo(node.Expression).Type;
            if (node.FormatClause != null)
            {
                string format = node.FormatClause.FormatStringToken.ValueText;
                if (IsNumeric(t) && !IsSupportedNumericFormat(format))
                {
                    Hit(node, "NF1013", "numeric format '" + format + "': nanoFramework 1.x supports only D, F, G, N and X (with an optional precision)");
                }
            }

            if (t != null && t.TypeKind == TypeKind.Enum)
            {
                Hit(node, "NF1014", "enum '" + t.Name + "' in an interpolated string: nanoFramework 1.x prints the number, desktop .NET the name (cast to int, or map names yourself)");
            }

            if (node.AlignmentClause != null)
            {
                // alignment is supported by String.Format on 1.x: nothing to report
            }

            base.VisitInterpolation(node);
        }

        public override void VisitBinaryExpression(BinaryExpressionSyntax node)
        {
            if (node.IsKind(SyntaxKind.AddExpression))
            {
                ITypeSymbol left = _model.GetTypeInfo(node.Left).Type;
                ITypeSymbol right = _model.GetTypeInfo(node.Right).Type;
                bool leftString = left != null && left.SpecialType == SpecialType.System_String;
                bool rightString = right != null && right.SpecialType == SpecialType.System_String;
                if (leftString && right != null && right.TypeKind == TypeKind.Enum)
                {
                    Hit(node.Right, "NF1014", "enum '" + right.Name + "' concatenated to a string: nanoFramework 1.x gives the number, desktop .NET the name");
                }
                else if (rightString && left != null && left.TypeKind == TypeKind.Enum)
                {
                    Hit(node.Left, "NF1014", "enum '" + left.Name + "' concatenated to a string: nanoFramework 1.x gives the number, desktop .NET the name");
                }
            }

            base.VisitBinaryExpression(node);
        }

        private void CheckFormatCall(IMethodSymbol method, InvocationExpressionSyntax node)
        {
            ExpressionSyntax first = node.ArgumentList.Arguments[0].Expression;
            if (!(first is LiteralExpressionSyntax literal) || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                return;
            }

            string text = literal.Token.ValueText;
            if (method.Name == "ToString" && IsNumeric(method.ContainingType))
            {
                if (!IsSupportedNumericFormat(text))
                {
                    Hit(literal, "NF1013", "numeric format '" + text + "': nanoFramework 1.x supports only D, F, G, N and X (with an optional precision)");
                }

                return;
            }

            if (method.Name == "Format" && method.ContainingType.SpecialType == SpecialType.System_String)
            {
                // composite format: check "{n:fmt}" items whose argument is numeric
                int i = 0;
                while ((i = text.IndexOf('{', i)) >= 0)
                {
                    if (i + 1 < text.Length && text[i + 1] == '{')
                    {
                        i += 2;
                        continue;
                    }

                    int close = text.IndexOf('}', i);
                    if (close < 0)
                    {
                        break;
                    }

                    string item = text.Substring(i + 1, close - i - 1);
                    int colon = item.IndexOf(':');
                    if (colon >= 0)
                    {
                        string indexText = item.Substring(0, colon).Split(',')[0].Trim();
                        string format = item.Substring(colon + 1);
                        if (int.TryParse(indexText, out int index) && index + 1 < node.ArgumentList.Arguments.Count)
                        {
                            ITypeSymbol argType = _model.GetTypeInfo(node.ArgumentList.Arguments[index + 1].Expression).Type;
                            if (IsNumeric(argType) && !IsSupportedNumericFormat(format))
                            {
                                Hit(literal, "NF1013", "numeric format '" + format + "' in String.Format: nanoFramework 1.x supports only D, F, G, N and X");
                            }
                        }
                    }

                    i = close + 1;
                }
            }
        }

        // ---- NF1016 / NF1017 native interop (InternalCall) signatures
        public bool HasInternalCall { get; private set; }

        public Location FirstInternalCall { get; private set; }

        private static bool IsMarshallable(ITypeSymbol t, bool allowArray)
        {
            switch (t.SpecialType)
            {
                case SpecialType.System_Void:
                case SpecialType.System_Boolean:
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_String:
                    return true;
            }

            return allowArray && t is IArrayTypeSymbol array && array.Rank == 1 && array.ElementType.SpecialType != SpecialType.System_String
                && IsMarshallable(array.ElementType, false) && array.ElementType.SpecialType != SpecialType.System_Void;
        }

        private static bool IsInternalCall(IMethodSymbol method)
        {
            foreach (AttributeData a in method.GetAttributes())
            {
                if (a.AttributeClass != null && a.AttributeClass.Name == "MethodImplAttribute" && a.ConstructorArguments.Length == 1)
                {
                    object v = a.ConstructorArguments[0].Value;
                    if (v is int i && (i & 0x1000) != 0)
                    {
                        return true;
                    }

                    if (v is short sh && (sh & 0x1000) != 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private void CheckInternalCall(SyntaxNode node, SyntaxToken name)
        {
            if (!(_model.GetDeclaredSymbol(node) is IMethodSymbol method) || !IsInternalCall(method))
            {
                return;
            }

            if (!HasInternalCall)
            {
                HasInternalCall = true;
                FirstInternalCall = name.GetLocation();
            }

            if (!IsMarshallable(method.ReturnType, true))
            {
                Hit(name.GetLocation(), "NF1016", "InternalCall '" + method.Name + "' returns " + method.ReturnType.ToDisplayString() + ": the nanoFramework interop stubs marshal only primitives, string and one-dimensional primitive arrays");
            }

            foreach (IParameterSymbol p in method.Parameters)
            {
                if (p.RefKind != RefKind.None)
                {
                    Hit(p.Locations.Length > 0 ? p.Locations[0] : name.GetLocation(), "NF1016", "InternalCall '" + method.Name + "' parameter '" + p.Name + "' is " + p.RefKind.ToString().ToLowerInvariant() + ": the generated glue does not copy it back (return the value, or pass a caller-allocated array)");
                }
                else if (!IsMarshallable(p.Type, true) || p.Type.SpecialType == SpecialType.System_Void)
                {
                    Hit(p.Locations.Length > 0 ? p.Locations[0] : name.GetLocation(), "NF1016", "InternalCall '" + method.Name + "' parameter '" + p.Name + "' is " + p.Type.ToDisplayString() + ": the nanoFramework interop stubs marshal only primitives, string and one-dimensional primitive arrays (pass enums as int, objects as handles)");
                }
            }
        }

        public override void VisitConstructorDeclaration(ConstructorDeclarationSyntax node)
        {
            CheckInternalCall(node, node.Identifier);
            base.VisitConstructorDeclaration(node);
        }

    }
}
