/*
 * The Fluxion expression language: pure functions over tensors, read into Fluxion's IR by
 * dev.fluxion.grammar.GraphVisitor. The grammar has no actions; every meaning (which call is an
 * op, which argument is an attribute, what type a number takes) is the visitor's.
 *
 * Statements end at a line break, or at ';'. Line breaks inside ( ) and [ ], and after a token that
 * cannot end an expression (an operator, ',', '=', ';'), continue the line: LineJoiner removes those
 * NEWLINE tokens between the lexer and the parser, so the parser only ever sees statement breaks.
 *
 * Precedence, loosest first (the same as dev.fluxion.compiler.print.MathPrinter writes):
 *   comparisons  < <= > >= == !=    non-associative (a chain is an error)
 *   additive     + -                left-associative
 *   multiplicative * / @            left-associative; @ is matmul
 *   unary minus  -a
 *   power        ^                  right-associative; the exponent may be negated: 2^-x
 *   postfix      a'  a.T  a[…]      transpose, slicing and indexing
 * so -x^2 is -(x^2), a^b^c is a^(b^c), and -2 written as a number is the number -2.
 */
grammar Fluxion;

// ---- files and bodies ----------------------------------------------------------------------

/** A source file: function definitions. */
program
    : sep? (function (sep function)*)? sep? EOF
    ;

/** An inline expression, or the text MathPrinter writes: let lines, then the result. */
expression
    : sep? body sep? EOF
    ;

/** fn name(x: f64[3], A: f64[3,3], s) = body */
function
    : FN name=NAME '(' (parameter (',' parameter)*)? ')' '=' body
    ;

/** An untyped parameter is an f64 scalar. */
parameter
    : name=NAME (':' type)?
    ;

/** f64, f64[], f64[3], f64[2,3]. */
type
    : DTYPE ('[' (INT (',' INT)*)? ']')?
    ;

/** Let bindings, then the result: an expression, or a tuple of them for several outputs. */
body
    : (binding sep)* result=expr
    ;

binding
    : LET name=NAME '=' expr
    ;

sep
    : (NEWLINE | ';')+
    ;

// ---- expressions, loosest first ------------------------------------------------------------

expr
    : additive (compareOp additive)*
    ;

compareOp
    : '<' | '<=' | '>' | '>=' | '==' | '!='
    ;

additive
    : multiplicative (additiveOp multiplicative)*
    ;

additiveOp
    : '+' | '-'
    ;

multiplicative
    : unary (multiplicativeOp unary)*
    ;

multiplicativeOp
    : '*' | '/' | '@'
    ;

unary
    : '-' unary          # negate
    | power              # plain
    ;

/** Right-associative through 'unary': a^b^c = a^(b^c), 2^-x = 2^(-x). */
power
    : postfix ('^' exponent=unary)?
    ;

postfix
    : primary postfixOp*
    ;

postfixOp
    : '\''                              # transposeTick
    | '.' field=NAME                    # member
    | '[' index (',' index)* ']'        # subscript
    ;

/** One axis of a subscript: an integer index, or a slice start:stop:step with parts omitted. */
index
    : start=bound? ':' stop=bound? (':' step=bound?)?   # slice
    | at=bound                                           # single
    ;

bound
    : '-'? INT
    ;

primary
    : number                                             # numberLiteral
    | (TRUE | FALSE)                                     # boolLiteral
    | callee=NAME '(' (argument (',' argument)*)? ')'    # call
    | NAME                                               # variable
    | '(' (expr (',' expr)* trailing=','?)? ')'          # group
    | tensor                                             # tensorLiteral
    ;

number
    : INT | FLOAT | INF | NAN
    ;

/** A positional or keyword argument; a dtype is an argument of its own (cast(x, f32), dtype=i64). */
argument
    : (keyword=NAME '=')? (expr | DTYPE)
    ;

/** A row-major nested literal of numbers, f64: [[1, 2], [3, 4]]. */
tensor
    : '[' element (',' element)* ']'
    ;

element
    : tensor
    | '-'? number
    ;

// ---- tokens ----------------------------------------------------------------------------------

FN    : 'fn' ;
LET   : 'let' ;
TRUE  : 'true' ;
FALSE : 'false' ;
INF   : 'inf' ;
NAN   : 'nan' ;
DTYPE : 'f64' | 'f32' | 'i64' | 'bool' ;

NAME  : [A-Za-z_] [A-Za-z0-9_]* ;
INT   : DIGIT+ ;
FLOAT : DIGIT+ '.' DIGIT* EXPONENT?
      | '.' DIGIT+ EXPONENT?
      | DIGIT+ EXPONENT
      ;
fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;

LPAREN : '(' ;
RPAREN : ')' ;
LBRACK : '[' ;
RBRACK : ']' ;
COMMA  : ',' ;
SEMI   : ';' ;
COLON  : ':' ;
ASSIGN : '=' ;
PLUS   : '+' ;
MINUS  : '-' ;
STAR   : '*' ;
SLASH  : '/' ;
AT     : '@' ;
CARET  : '^' ;
TICK   : '\'' ;
DOT    : '.' ;
LT     : '<' ;
LE     : '<=' ;
GT     : '>' ;
GE     : '>=' ;
EQ     : '==' ;
NE     : '!=' ;

NEWLINE : '\r'? '\n' | '\r' ;
COMMENT : '#' ~[\r\n]* -> skip ;
SPACE   : [ \t\f]+ -> skip ;
