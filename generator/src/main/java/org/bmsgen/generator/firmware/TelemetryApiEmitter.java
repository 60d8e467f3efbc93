package org.bmsgen.generator.firmware;

import javax.lang.model.element.Modifier;

import org.bmsgen.generator.ir.PackIr;
import org.bmsgen.generator.ir.RadioIr;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * {@code TelemetryApi.java} (ESP32 image): the HTTP handlers behind the platform's {@code HttpServer}.
 * <ul>
 * <li>{@code GET /} the dashboard: a constant HTML page that polls the JSON every Wi-Fi publication period;</li>
 * <li>{@code GET /api/telemetry} the telemetry state as JSON,
 * {@code {"frames":{"Telemetry":{"valid":true,"ageMs":120,"updates":5,"packVoltageMv":14800,...}},
 * "link":{...},"commands":{...}}}, keys the fields' model names with their unit suffix;</li>
 * <li>{@code GET /api/nonce} {@code {"nonce":"<32 hex digits>","expiresInMs":30000}};</li>
 * <li>{@code POST /api/command} with a form body (bmsgen's choice over JSON: no nesting, no escapes, a parser
 * of a few lines) {@code command=<name>&nonce=<hex>&hmac=<hex>}, the HMAC-SHA256 of the secret over the nonce's 16
 * bytes followed by the command's ASCII name, in hex: 200 {@code {"accepted":"<name>"}} (queued for the link),
 * 400 malformed body or a command the model does not list, 401 nonce or MAC refused, 503 queue full;</li>
 * <li>anything else 404, a known path with the wrong method 405.</li>
 * </ul>
 * Every answer is written into one buffer allocated at construction: digits are written byte by byte, no string
 * is built.
 */
public final class TelemetryApiEmitter {

	public static final String TYPE_NAME = "TelemetryApi";

	/** When the model publishes nothing over Wi-Fi, the dashboard still refreshes at this period. */
	static final int DEFAULT_REFRESH_MS = 1000;

	static int refreshMs(PackIr pack) {
		for (RadioIr.Publication publication : pack.radio().publications()) {
			if (publication.channel().equals("wifi")) {
				return publication.periodMs();
			}
		}
		return DEFAULT_REFRESH_MS;
	}

	/** Bytes the telemetry JSON needs at most: fixed text, each frame's and field's key and an 11-digit value. */
	static int responseBytes(PackIr pack) {
		int bytes = 256;
		for (RadioIr.UartFrame frame : pack.radio().frames()) {
			bytes += frame.name().length() + 96;
			for (RadioIr.UartField field : frame.fields()) {
				bytes += TelemetryStateEmitter.fieldKey(field).length() + 16;
			}
		}
		return (bytes + 63) / 64 * 64;
	}

	static String dashboard(PackIr pack, int refreshMs) {
		return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta name=\"viewport\""
				+ " content=\"width=device-width\"><title>" + pack.name() + "</title>\n"
				+ "<style>body{font-family:sans-serif;margin:1em}td{padding:2px 8px}.stale{color:#999}</style>"
				+ "</head>\n<body><h1>" + pack.name() + "</h1><div id=\"t\">waiting for telemetry</div>\n<script>\n"
				+ "function show(d){var h='';for(var f in d.frames){var r=d.frames[f];"
				+ "h+='<h2'+(r.valid?'':' class=\"stale\"')+'>'+f+'</h2><table>';"
				+ "for(var k in r){h+='<tr><td>'+k+'</td><td>'+r[k]+'</td></tr>';}h+='</table>';}\n"
				+ "h+='<p>link: '+d.link.accepted+' frames, '+d.link.rejected+' rejected, '+d.link.lost+' lost</p>';\n"
				+ "document.getElementById('t').innerHTML=h;}\n"
				+ "function poll(){fetch('/api/telemetry').then(function(r){return r.json();}).then(show)"
				+ ".catch(function(){});}\n"
				+ "poll();setInterval(poll," + refreshMs + ");\n</script></body></html>\n";
	}

	public GeneratedSource emit(PackIr pack) {
		RadioIr radio = pack.radio();
		ClassName server = ClassName.get("org.bmsgen.platform", "HttpServer");
		ClassName request = ClassName.get("org.bmsgen.platform", "HttpRequest");
		ClassName status = ClassName.get("org.bmsgen.platform", "Status");
		ClassName telemetry = ClassName.get(FirmwarePackage.of(pack, FirmwareImage.ESP32), TelemetryStateEmitter.TYPE_NAME);
		ClassName authenticator = ClassName.get(FirmwarePackage.of(pack, FirmwareImage.ESP32), CommandAuthenticatorEmitter.TYPE_NAME);
		int refreshMs = refreshMs(pack);
		TypeSpec.Builder type = TypeSpec.classBuilder(TYPE_NAME).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
				.addJavadoc("Pack $L's HTTP API: {@code GET /} (dashboard), {@code GET /api/telemetry} (JSON),"
						+ " {@code GET /api/nonce},\n{@code POST /api/command} with the form body"
						+ " {@code command=<name>&nonce=<32 hex>&hmac=<64 hex>} where hmac is\nHMAC-SHA256(secret,"
						+ " nonce bytes || command name): 200 queued, 400 malformed or not a modelled command,\n401"
						+ " nonce or MAC refused, 503 queue full. Answers are written into one preallocated buffer.\n$L\n",
						pack.name(), SourceFiles.traceLine(radio.trace()))
				.addField(SourceFiles.intConstant("RESPONSE_BYTES", responseBytes(pack), "Size of the answer buffer:"
						+ " the telemetry JSON of every modelled field with 11-digit values fits.", radio.trace()))
				.addField(SourceFiles.intConstant("REFRESH_MS", refreshMs, "The dashboard polls the JSON at the Wi-Fi"
						+ " publication period.", radio.trace()))
				.addField(SourceFiles.intConstant("MAX_REQUESTS_PER_TICK", 4, "Requests served in one tick at most,"
						+ " so a flood of requests cannot stall the link.", radio.trace()))
				.addField(SourceFiles.intConstant("COMMAND_QUEUE", 4, "Authenticated commands waiting for the link.",
						radio.trace()))
				.addField(FieldSpec.builder(String.class, "DASHBOARD_HTML", Modifier.PRIVATE, Modifier.STATIC,
						Modifier.FINAL).addJavadoc("The dashboard page: shows every frame's fields, polls every"
								+ " {@link #REFRESH_MS}.\n").initializer("$S", dashboard(pack, refreshMs)).build());
		type.addField(FieldSpec.builder(server, "server", Modifier.PRIVATE, Modifier.FINAL).build());
		type.addField(FieldSpec.builder(telemetry, "telemetry", Modifier.PRIVATE, Modifier.FINAL).build());
		type.addField(FieldSpec.builder(authenticator, "authenticator", Modifier.PRIVATE, Modifier.FINAL).build());
		type.addField(FieldSpec.builder(request, "request", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new $T()", request).build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "response", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[RESPONSE_BYTES]").build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "dashboard", Modifier.PRIVATE, Modifier.FINAL)
				.build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "digits", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[20]").build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "nonce", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[$T.NONCE_BYTES]", authenticator).build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.BYTE), "mac", Modifier.PRIVATE, Modifier.FINAL)
				.initializer("new byte[$T.MAC_BYTES]", authenticator).build());
		type.addField(FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "commandQueue", Modifier.PRIVATE,
				Modifier.FINAL).initializer("new int[COMMAND_QUEUE]").build());
		type.addField(FieldSpec.builder(TypeName.INT, "queueHead", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "queueSize", Modifier.PRIVATE).build());
		type.addField(FieldSpec.builder(TypeName.INT, "length", Modifier.PRIVATE)
				.addJavadoc("Bytes of {@link #response} written.\n").build());
		type.addField(FieldSpec.builder(TypeName.BOOLEAN, "overflow", Modifier.PRIVATE)
				.addJavadoc("An answer did not fit: it is replaced by a 500.\n").build());

		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
				.addParameter(server, "server").addParameter(telemetry, "telemetry")
				.addParameter(authenticator, "authenticator")
				.addJavadoc("@param server the HTTP server\n@param telemetry what {@code /api/telemetry} shows\n@param"
						+ " authenticator issues nonces and checks commands\n")
				.addStatement("this.server = server").addStatement("this.telemetry = telemetry")
				.addStatement("this.authenticator = authenticator")
				.addStatement("dashboard = new byte[DASHBOARD_HTML.length()]")
				.beginControlFlow("for (int i = 0; i < dashboard.length; i++)")
				.addStatement("dashboard[i] = (byte) DASHBOARD_HTML.charAt(i)").endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("serve").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addParameter(TypeName.LONG, "nowMicros")
				.addJavadoc("Answers the waiting requests, at most {@link #MAX_REQUESTS_PER_TICK}.\n@param nowMicros the"
						+ " time now\n@return requests answered\n")
				.addStatement("int served = 0")
				.beginControlFlow("while (served < MAX_REQUESTS_PER_TICK)")
				.beginControlFlow("if (server.poll(request) != 1)").addStatement("return served").endControlFlow()
				.addStatement("handle(nowMicros)").addStatement("served++").endControlFlow()
				.addStatement("return served").build());
		type.addMethod(MethodSpec.methodBuilder("nextCommand").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
				.addJavadoc("@return the link code of the oldest authenticated command not yet sent, or -1\n")
				.beginControlFlow("if (queueSize == 0)").addStatement("return -1").endControlFlow()
				.addStatement("return commandQueue[queueHead]").build());
		type.addMethod(MethodSpec.methodBuilder("commandSent").addModifiers(Modifier.PUBLIC)
				.addJavadoc("Drops the command {@link #nextCommand()} gave: the link took it.\n")
				.beginControlFlow("if (queueSize > 0)").addStatement("queueHead = (queueHead + 1) % COMMAND_QUEUE")
				.addStatement("queueSize--").endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("handle").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.LONG, "nowMicros")
				.addStatement("boolean get = request.method() == $T.METHOD_GET", request)
				.addStatement("boolean post = request.method() == $T.METHOD_POST", request)
				.beginControlFlow("if (request.pathIs($S))", "/")
				.beginControlFlow("if (get)")
				.addStatement("server.respond(200, $T.CONTENT_TYPE_HTML, dashboard, 0, dashboard.length)", server)
				.nextControlFlow("else").addStatement("error(405, $S)", "method-not-allowed").endControlFlow()
				.nextControlFlow("else if (request.pathIs($S))", "/api/telemetry")
				.beginControlFlow("if (get)").addStatement("writeTelemetry(nowMicros)").addStatement("send(200)")
				.nextControlFlow("else").addStatement("error(405, $S)", "method-not-allowed").endControlFlow()
				.nextControlFlow("else if (request.pathIs($S))", "/api/nonce")
				.beginControlFlow("if (get)").addStatement("writeNonce(nowMicros)")
				.nextControlFlow("else").addStatement("error(405, $S)", "method-not-allowed").endControlFlow()
				.nextControlFlow("else if (request.pathIs($S))", "/api/command")
				.beginControlFlow("if (post)").addStatement("command(nowMicros)")
				.nextControlFlow("else").addStatement("error(405, $S)", "method-not-allowed").endControlFlow()
				.nextControlFlow("else").addStatement("error(404, $S)", "not-found").endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("writeTelemetry").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.LONG, "nowMicros")
				.addStatement("begin()").addStatement("put($S)", "{\"frames\":{")
				.beginControlFlow("for (int frame = 0; frame < $T.FRAME_COUNT; frame++)", telemetry)
				.beginControlFlow("if (frame > 0)").addStatement("put($S)", ",").endControlFlow()
				.addStatement("put($S)", "\"").addStatement("put($T.frameName(frame))", telemetry)
				.addStatement("put($S)", "\":{\"valid\":")
				.addStatement("put(telemetry.isValid(frame, nowMicros) ? $S : $S)", "true", "false")
				.addStatement("long ageMicros = telemetry.ageMicros(frame, nowMicros)")
				.addStatement("put($S)", ",\"ageMs\":").addStatement("putNumber(ageMicros < 0 ? -1 : ageMicros / 1000)")
				.addStatement("put($S)", ",\"updates\":").addStatement("putNumber(telemetry.updates(frame))")
				.beginControlFlow("for (int field = $T.firstField(frame); field < $T.fieldEnd(frame); field++)",
						telemetry, telemetry)
				.addStatement("put($S)", ",\"").addStatement("put($T.fieldKey(field))", telemetry)
				.addStatement("put($S)", "\":").addStatement("putNumber(telemetry.value(field))").endControlFlow()
				.addStatement("put($S)", "}").endControlFlow()
				.addStatement("put($S)", "},\"link\":{\"accepted\":").addStatement("putNumber(telemetry.linkFramesAccepted)")
				.addStatement("put($S)", ",\"rejected\":").addStatement("putNumber(telemetry.linkFramesRejected)")
				.addStatement("put($S)", ",\"lost\":").addStatement("putNumber(telemetry.linkFramesLost)")
				.addStatement("put($S)", ",\"unknown\":").addStatement("putNumber(telemetry.unknownFrames)")
				.addStatement("put($S)", "},\"commands\":{\"accepted\":").addStatement("putNumber(authenticator.accepted())")
				.addStatement("put($S)", ",\"rejected\":").addStatement("putNumber(authenticator.rejected())")
				.addStatement("put($S)", "}}").build());
		type.addMethod(MethodSpec.methodBuilder("writeNonce").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.LONG, "nowMicros")
				.beginControlFlow("if (authenticator.issueNonce(nowMicros, nonce, 0) != $T.OK)", status)
				.addStatement("error(503, $S)", "no-random").addStatement("return").endControlFlow()
				.addStatement("begin()").addStatement("put($S)", "{\"nonce\":\"")
				.beginControlFlow("for (int i = 0; i < nonce.length; i++)")
				.addStatement("putByte($S.charAt((nonce[i] >> 4) & 0xF))", "0123456789abcdef")
				.addStatement("putByte($S.charAt(nonce[i] & 0xF))", "0123456789abcdef").endControlFlow()
				.addStatement("put($S)", "\",\"expiresInMs\":")
				.addStatement("putNumber($T.NONCE_LIFETIME_MICROS / 1000)", authenticator)
				.addStatement("put($S)", "}").addStatement("send(200)").build());
		type.addMethod(command(authenticator));
		type.addMethod(MethodSpec.methodBuilder("keyIs").addModifiers(Modifier.PRIVATE).returns(TypeName.BOOLEAN)
				.addParameter(TypeName.INT, "start").addParameter(TypeName.INT, "end").addParameter(String.class, "key")
				.beginControlFlow("if (end - start != key.length())").addStatement("return false").endControlFlow()
				.beginControlFlow("for (int i = 0; i < key.length(); i++)")
				.beginControlFlow("if ((request.body[start + i] & 0xFF) != key.charAt(i))").addStatement("return false")
				.endControlFlow().endControlFlow().addStatement("return true").build());
		type.addMethod(MethodSpec.methodBuilder("decodeHex").addModifiers(Modifier.PRIVATE).returns(TypeName.BOOLEAN)
				.addParameter(TypeName.INT, "start").addParameter(TypeName.INT, "end").addParameter(byte[].class, "into")
				.addJavadoc("Hex digits of the body into bytes; false unless exactly {@code into.length} bytes of valid"
						+ " digits.\n")
				.beginControlFlow("if (end - start != 2 * into.length)").addStatement("return false").endControlFlow()
				.beginControlFlow("for (int i = 0; i < into.length; i++)")
				.addStatement("int high = hexDigit(request.body[start + 2 * i])")
				.addStatement("int low = hexDigit(request.body[start + 2 * i + 1])")
				.beginControlFlow("if (high < 0 || low < 0)").addStatement("return false").endControlFlow()
				.addStatement("into[i] = (byte) (high << 4 | low)").endControlFlow().addStatement("return true").build());
		type.addMethod(MethodSpec.methodBuilder("hexDigit").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
				.returns(TypeName.INT).addParameter(TypeName.BYTE, "c")
				.beginControlFlow("if (c >= '0' && c <= '9')").addStatement("return c - '0'").endControlFlow()
				.beginControlFlow("if (c >= 'a' && c <= 'f')").addStatement("return c - 'a' + 10").endControlFlow()
				.beginControlFlow("if (c >= 'A' && c <= 'F')").addStatement("return c - 'A' + 10").endControlFlow()
				.addStatement("return -1").build());
		type.addMethod(MethodSpec.methodBuilder("error").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "httpStatus").addParameter(String.class, "reason")
				.addStatement("begin()").addStatement("put($S)", "{\"error\":\"").addStatement("put(reason)")
				.addStatement("put($S)", "\"}").addStatement("send(httpStatus)").build());
		type.addMethod(MethodSpec.methodBuilder("begin").addModifiers(Modifier.PRIVATE)
				.addStatement("length = 0").addStatement("overflow = false").build());
		type.addMethod(MethodSpec.methodBuilder("send").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "httpStatus")
				.beginControlFlow("if (overflow)")
				.addStatement("server.respond(500, $T.CONTENT_TYPE_JSON, response, 0, 0)", server)
				.nextControlFlow("else")
				.addStatement("server.respond(httpStatus, $T.CONTENT_TYPE_JSON, response, 0, length)", server)
				.endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("put").addModifiers(Modifier.PRIVATE)
				.addParameter(String.class, "text")
				.addJavadoc("Appends an ASCII constant, character by character.\n")
				.beginControlFlow("for (int i = 0; i < text.length(); i++)").addStatement("putByte(text.charAt(i))")
				.endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("putByte").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.INT, "c")
				.beginControlFlow("if (length < response.length)").addStatement("response[length++] = (byte) c")
				.nextControlFlow("else").addStatement("overflow = true").endControlFlow().build());
		type.addMethod(MethodSpec.methodBuilder("putNumber").addModifiers(Modifier.PRIVATE)
				.addParameter(TypeName.LONG, "value")
				.addJavadoc("Appends a decimal number; works on the negative magnitude so that Long.MIN_VALUE prints"
						+ " too.\n")
				.addStatement("long negative = value < 0 ? value : -value")
				.addStatement("int count = 0")
				.beginControlFlow("do")
				.addStatement("digits[count++] = (byte) ('0' - (negative % 10))")
				.addStatement("negative /= 10")
				.endControlFlow("while (negative != 0)")
				.beginControlFlow("if (value < 0)").addStatement("putByte('-')").endControlFlow()
				.beginControlFlow("while (count > 0)").addStatement("putByte(digits[--count])").endControlFlow().build());
		return SourceFiles.file(pack, FirmwareImage.ESP32, "Telemetry HTTP API", type.build());
	}

	private static MethodSpec command(ClassName authenticator) {
		return MethodSpec.methodBuilder("command").addModifiers(Modifier.PRIVATE).addParameter(TypeName.LONG, "nowMicros")
				.addStatement("int end = request.bodyLength()")
				.addComment("a client's trailing newline (curl --data @file) is not part of the last value")
				.beginControlFlow("while (end > 0 && (request.body[end - 1] == '\\n' || request.body[end - 1] == '\\r'))")
				.addStatement("end--").endControlFlow()
				.addStatement("int commandStart = -1").addStatement("int commandEnd = -1")
				.addStatement("boolean nonceRead = false").addStatement("boolean macRead = false")
				.addStatement("int at = 0")
				.beginControlFlow("while (at < end)")
				.addStatement("int pairEnd = at")
				.beginControlFlow("while (pairEnd < end && request.body[pairEnd] != '&')").addStatement("pairEnd++")
				.endControlFlow()
				.addStatement("int equals = at")
				.beginControlFlow("while (equals < pairEnd && request.body[equals] != '=')").addStatement("equals++")
				.endControlFlow()
				.beginControlFlow("if (keyIs(at, equals, $S) && equals < pairEnd)", "command")
				.addStatement("commandStart = equals + 1").addStatement("commandEnd = pairEnd")
				.nextControlFlow("else if (keyIs(at, equals, $S) && equals < pairEnd)", "nonce")
				.addStatement("nonceRead = decodeHex(equals + 1, pairEnd, nonce)")
				.nextControlFlow("else if (keyIs(at, equals, $S) && equals < pairEnd)", "hmac")
				.addStatement("macRead = decodeHex(equals + 1, pairEnd, mac)")
				.nextControlFlow("else").addStatement("error(400, $S)", "malformed").addStatement("return")
				.endControlFlow()
				.addStatement("at = pairEnd + 1").endControlFlow()
				.beginControlFlow("if (commandStart < 0 || !nonceRead || !macRead)")
				.addStatement("error(400, $S)", "malformed").addStatement("return").endControlFlow()
				.addStatement("int command = $T.commandIndex(request.body, commandStart, commandEnd - commandStart)",
						authenticator)
				.beginControlFlow("if (command < 0)").addStatement("error(400, $S)", "unknown-command")
				.addStatement("return").endControlFlow()
				.beginControlFlow("if (queueSize == COMMAND_QUEUE)").addStatement("error(503, $S)", "busy")
				.addStatement("return").endControlFlow()
				.addStatement("int code = authenticator.authenticate(command, nonce, 0, mac, 0, nowMicros)")
				.beginControlFlow("if (code == $T.REJECTED_NONCE)", authenticator)
				.addStatement("error(401, $S)", "nonce").addStatement("return").endControlFlow()
				.beginControlFlow("if (code < 0)").addStatement("error(401, $S)", "unauthorized").addStatement("return")
				.endControlFlow()
				.addStatement("commandQueue[(queueHead + queueSize) % COMMAND_QUEUE] = code").addStatement("queueSize++")
				.addStatement("begin()").addStatement("put($S)", "{\"accepted\":\"")
				.addStatement("put($T.commandName(command))", authenticator).addStatement("put($S)", "\"}")
				.addStatement("send(200)").build();
	}
}
