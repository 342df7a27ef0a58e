package dev.fluxion.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every kind of parse error reports its line, column, the source line and a caret under the column. */
class IrParserErrorTest {
    private static final String HEAD = "{ lambda x:f64[3], y:f64[3] .\n  let\n";

    /**
     * Parses {@code text}, expects an error at {@code line}:{@code column} whose reason contains
     * {@code fragment}, and checks the message layout: header, the source line, the caret line.
     */
    private static IrParseException assertError(String text, int line, int column, String fragment) {
        IrParseException e = assertThrows(IrParseException.class, () -> IrParser.parse(text));
        assertEquals(line, e.line(), "line of: " + e.getMessage());
        assertEquals(column, e.column(), "column of: " + e.getMessage());
        assertTrue(e.reason().contains(fragment), "reason '" + e.reason() + "' should contain '" + fragment + "'");
        String[] parts = e.getMessage().split("\n", -1);
        assertEquals(3, parts.length, e.getMessage());
        assertEquals("line " + line + ", column " + column + ": " + e.reason(), parts[0]);
        String[] lines = text.split("\r?\n", -1);
        assertEquals(lines[line - 1], parts[1], "quoted source line");
        assertEquals(" ".repeat(column - 1) + "^", parts[2], "caret line");
        return e;
    }

    // ---- syntax -----------------------------------------------------------------------------------

    @Test
    void missingColonAfterValueName() {
        IrParseException e = assertError(HEAD + "    a:f64[3] = mul x y\n    b = sum[axes=(0), keepdim=false] a\n  in (b) }",
                4, 7, "expected ':' after value name but found '='");
        assertEquals("line 4, column 7: expected ':' after value name but found '='\n"
                + "    b = sum[axes=(0), keepdim=false] a\n"
                + "      ^", e.getMessage());
    }

    @Test
    void missingOpeningBrace() {
        assertError("lambda x:f64[] . let in (x) }", 1, 1, "expected '{' at the start of the graph but found 'lambda'");
    }

    @Test
    void unexpectedCharacter() {
        assertError(HEAD + "    a:f64[3] = mul x @y\n  in (a) }", 3, 22, "unexpected character '@'");
    }

    @Test
    void unterminatedString() {
        assertError(HEAD + "    a:f64[3] = sin \"x\n  in (a) }", 3, 20, "unterminated string");
    }

    @Test
    void badDimension() {
        assertError("{ lambda x:f64[3,-2] . let in (x) }", 1, 18, "dimension -2 is negative");
        assertError("{ lambda x:f64[3,99999999999] . let in (x) }", 1, 18, "integer 99999999999 is out of range");
        assertError("{ lambda x:f65[3] . let in (x) }", 1, 12, "unknown dtype 'f65'");
        assertError("{ lambda x:f64[65536,65536] . let in (x) }", 1, 12, "more than 2^31-1 elements");
    }

    @Test
    void keywordAsName() {
        assertError("{ lambda let:f64[] . let in (let) }", 1, 10, "expected an input name but found 'let' (a keyword)");
    }

    // ---- names ------------------------------------------------------------------------------------

    @Test
    void unknownOp() {
        IrParseException e = assertError(HEAD + "    a:f64[3] = frobnicate x\n  in (a) }", 3, 16, "unknown op 'frobnicate'");
        for (Op op : Op.values()) assertTrue(e.reason().contains(op.text()), "the list of known ops names " + op);
    }

    @Test
    void inputAsAnEquation() {
        assertError(HEAD + "    z:f64[] = input[name=\"z\"]\n  in (z) }", 3, 15, "inputs are declared after 'lambda'");
    }

    @Test
    void unknownValueName() {
        assertError(HEAD + "    a:f64[3] = mul x q\n  in (a) }", 3, 22, "unknown value 'q'");
    }

    @Test
    void useBeforeDefinition() {
        assertError(HEAD + "    a:f64[3] = sin b\n    b:f64[3] = cos x\n  in (a) }", 3, 20, "unknown value 'b'");
    }

    @Test
    void unknownOutput() {
        assertError(HEAD + "    a:f64[3] = sin x\n  in (a, zz) }", 4, 10, "unknown value 'zz'");
    }

    @Test
    void redefinedName() {
        assertError(HEAD + "    a:f64[3] = sin x\n    a:f64[3] = cos x\n  in (a) }", 4, 5,
                "value 'a' is already defined at line 3, column 5");
        assertError(HEAD + "    y:f64[3] = sin x\n  in (y) }", 3, 5, "value 'y' is already defined at line 1, column 20");
        assertError("{ lambda x:f64[], x:f64[2] . let in (x) }", 1, 19, "value 'x' is already defined at line 1, column 10");
    }

    // ---- arity and attributes ---------------------------------------------------------------------

    @Test
    void wrongArity() {
        assertError(HEAD + "    a:f64[3] = mul x\n  in (a) }", 3, 16, "mul takes 2 inputs but got 1");
        assertError(HEAD + "    a:f64[3] = sin x y\n  in (a) }", 3, 16, "sin takes 1 input but got 2");
        assertError(HEAD + "    a:f64[3] = concat[axis=0]\n  in (a) }", 3, 16, "concat takes at least one input but got none");
        assertError(HEAD + "    a:f64[] = full[value=1.0] x\n  in (a) }", 3, 15, "full takes 0 inputs but got 1");
    }

    @Test
    void missingAttribute() {
        assertError(HEAD + "    a:f64[] = sum[axes=(0)] x\n  in (a) }", 3, 27, "sum is missing attribute 'keepdim'");
        assertError(HEAD + "    a:f64[] = sum x\n  in (a) }", 3, 15, "sum is missing attribute 'axes'");
    }

    @Test
    void unknownAttribute() {
        assertError(HEAD + "    a:f64[] = sum[axes=(0), keepdim=false, dims=(0)] x\n  in (a) }", 3, 44,
                "sum has no attribute 'dims' (it takes axes, keepdim)");
        assertError(HEAD + "    a:f64[3] = sin[axis=0] x\n  in (a) }", 3, 20, "sin has no attribute 'axis' (it takes none)");
    }

    @Test
    void repeatedAttribute() {
        assertError(HEAD + "    a:f64[] = sum[axes=(0), axes=(0)] x\n  in (a) }", 3, 29, "attribute 'axes' is given twice");
    }

    @Test
    void attributeOfTheWrongType() {
        assertError(HEAD + "    a:f64[] = sum[axes=0, keepdim=false] x\n  in (a) }", 3, 24,
                "expected '(' to open the list of integers for attribute 'axes' of sum but found '0'");
        assertError(HEAD + "    a:f64[] = sum[axes=(0), keepdim=1] x\n  in (a) }", 3, 37,
                "expected true or false for attribute 'keepdim' of sum but found '1'");
        assertError(HEAD + "    a:f64[6] = concat[axis=1.5] x y\n  in (a) }", 3, 28,
                "expected an integer for attribute 'axis' of concat but found '1.5'");
        assertError(HEAD + "    a:f64[] = full[value=true]\n  in (a) }", 3, 26, "expected a number for attribute 'value' of full but found 'true'");
        assertError(HEAD + "    a:f64[3] = cast[dtype=f16] x\n  in (a) }", 3, 27, "unknown dtype 'f16'");
        assertError(HEAD + "    a:f64[2] = const[value=(1.0, x)]\n  in (a) }", 3, 34,
                "expected a number in attribute 'value' of const but found 'x'");
    }

    // ---- types ------------------------------------------------------------------------------------

    @Test
    void declaredTypeDiffersFromInferred() {
        assertError(HEAD + "    a:f64[2] = sin x\n  in (a) }", 3, 7,
                "declared type f64[2] of 'a' differs from the type f64[3] inferred for sin");
        assertError(HEAD + "    a:f64[3] = lt x y\n  in (a) }", 3, 7, "declared type f64[3] of 'a' differs from the type bool[3]");
    }

    @Test
    void shapeErrorFromTheBuilder() {
        IrParseException e = assertError("{ lambda x:f64[3], z:f64[4] .\n  let\n    a:f64[3] = add x z\n  in (a) }", 3, 5,
                "add: shapes [3] and [4] do not broadcast");
        assertInstanceOf(ShapeException.class, e.getCause());
        assertEquals(e.getCause().getMessage(), e.reason());
        assertError(HEAD + "    a:f64[2] = const[value=(1.0, 2.0, 3.0)]\n  in (a) }", 3, 5, "const: 3 values do not fill shape [2]");
        assertError(HEAD + "    a:f64[3,1] = reshape[shape=(3,-1)] x\n  in (a) }", 3, 5, "negative dimension");
    }

    // ---- the end of the text ----------------------------------------------------------------------

    @Test
    void unterminatedInput() {
        assertError(HEAD + "    a:f64[3] = sin x\n", 3, 21, "unterminated input: expected an equation");
        assertError(HEAD + "    a:f64[3] = sin x\n  in (a)\n\n", 4, 9, "unterminated input: expected '}' at the end of the graph");
        assertError("{ lambda x:f64[3", 1, 17, "unterminated input: expected ']' after the dimensions");
        assertError("", 1, 1, "unterminated input: expected '{' at the start of the graph");
        assertError(HEAD + "    a:f64[] = sum[axes=(0", 3, 26, "unterminated input: expected ')' to close the list of integers");
    }

    @Test
    void trailingGarbage() {
        assertError(HEAD + "    a:f64[3] = sin x\n  in (a) } extra", 4, 12, "unexpected 'extra' after the end of the graph");
        assertError(HEAD + "  in (x) }\n# fine\n}", 5, 1, "unexpected '}' after the end of the graph");
    }

    @Test
    void caretFollowsTabs() {
        IrParseException e = assertThrows(IrParseException.class,
                () -> IrParser.parse("{ lambda x:f64[] .\n\tlet\n\t\ta:f64[] = sinn x\n\tin (a) }"));
        assertEquals(3, e.line());
        assertEquals(13, e.column());
        assertTrue(e.getMessage().endsWith("\n\t\ta:f64[] = sinn x\n\t\t          ^"), e.getMessage());
    }
}
