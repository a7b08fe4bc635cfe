package io.tombo.listener;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.stream.ChunkedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code http_dir}: plain HTTP requests on a WebSocket listener get files from that directory (GET and HEAD, one
 * request per connection); WebSocket upgrade requests pass on to the handshake. A path is resolved inside the
 * directory and refused when it, or a symbolic link on the way, leads outside. Without {@code http_dir} every plain
 * request is answered 404, as Mosquitto does. Files are streamed in chunks, never read whole into memory.
 */
final class StaticFiles extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("ico", "image/x-icon"), Map.entry("wasm", "application/wasm"),
            Map.entry("map", "application/json"));

    /** The real path of {@code http_dir}, or null when the listener serves no files. */
    private final Path root;

    StaticFiles(Path root) {
        this.root = root;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || isUpgrade(request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            serve(ctx, request);
        } finally {
            request.release();
        }
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!head && !request.method().equals(HttpMethod.GET)) {
            answer(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        Path file = resolve(request.uri());
        if (file == null) {
            answer(ctx, root == null || !request.decoderResult().isSuccess()
                    ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.FORBIDDEN);
            return;
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            answer(ctx, HttpResponseStatus.NOT_FOUND);
            return;
        }
        try {
            RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
            long length = raf.length();
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType(file))
                    .set(HttpHeaderNames.CONTENT_LENGTH, length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .set("X-Content-Type-Options", "nosniff");
            ctx.write(response);
            if (head) {
                raf.close();
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(new HttpChunkedInput(new ChunkedFile(raf, 0, length, 16 * 1024)))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        } catch (IOException e) {
            log.info("remote={} http_dir read failed: {}", ctx.channel().remoteAddress(), e.toString());
            answer(ctx, HttpResponseStatus.NOT_FOUND);
        }
    }

    /**
     * The file a request path names inside the root (a directory means its {@code index.html}); null when there is
     * no root, or the path leaves it, directly ({@code ..}) or through a symbolic link.
     */
    Path resolve(String uri) {
        if (root == null) {
            return null;
        }
        String path = new QueryStringDecoder(uri).path();
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return null;
        }
        Path candidate = root.resolve(path.replaceFirst("^/+", "")).normalize();
        if (!candidate.startsWith(root)) {
            return null;
        }
        if (Files.isDirectory(candidate)) {
            candidate = candidate.resolve("index.html");
        }
        try {
            Path real = candidate.toRealPath();
            return real.startsWith(root) ? real : null;
        } catch (IOException missing) {
            return candidate; // answered 404 by the caller
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "application/octet-stream"
                : TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(), "application/octet-stream");
    }

    private static void answer(ChannelHandlerContext ctx, HttpResponseStatus status) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(status.toString() + "\n", java.nio.charset.StandardCharsets.US_ASCII));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=us-ascii")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
