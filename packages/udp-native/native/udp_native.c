/*
 * A UDP/IPv6 socket for Node's event loop that reads datagrams in batches.
 *
 * Why: node:dgram costs one recvmsg and one JS callback per datagram, and for every datagram
 * from a link-local (fe80::%if) source it turns the scope id into an interface name with
 * if_indextoname (socket + ioctl + close: three more system calls). Here one wakeup of the
 * loop reads up to BATCH datagrams with one recvmmsg and hands them to JS in one callback;
 * the source's scope id stays a number.
 *
 * JS API (the TypeScript wrapper in src/ is the only caller):
 *   open(address, scopeId, port, joinGroup, receiveBufferBytes, onBatch, onError) -> handle
 *     Binds a non-blocking SOCK_DGRAM socket (SO_REUSEADDR) to [address%scopeId]:port; with
 *     joinGroup, joins `address` as a multicast group on interface scopeId. Throws an Error
 *     whose code is the errno name (EADDRINUSE ...) and whose syscall says which step failed.
 *     onBatch(data: Buffer, meta: Uint32Array, sources: string[]) per wakeup: datagram i is
 *     data[meta[4i], meta[4i] + meta[4i+1]), from sources[i] port meta[4i+2], scope id meta[4i+3].
 *     onError(code: string, syscall: string) for a failed read.
 *   send(handle, bytes, address, scopeId, port) -> 0, or the errno of a failed sendmsg
 *     (EAGAIN when the send buffer is full: the socket never blocks).
 *   close(handle)
 *   ifIndex(name) -> interface index, 0 when there is none
 *   errName(errno) -> "EAGAIN" ...
 */
#define NAPI_VERSION 8
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

/* Datagrams read per wakeup; more waiting make the (level-triggered) poll fire again at once. */
#define BATCH 64
/* The largest UDP payload fits: no datagram is ever truncated. */
#define SLOT 65536

typedef struct {
  napi_env env;
  uv_poll_t poll;
  int fd;
  int polling;      /* uv_poll_start succeeded and close() has not run */
  int closed;       /* close() ran: no more callbacks, no more sends */
  int uv_closed;    /* libuv is done with `poll` (or it was never initialised) */
  int finalized;    /* the JS handle is gone */
  int in_callback;  /* inside call_js: close() leaves the async context to call_js */
  int release_due;  /* close() ran inside a callback: call_js releases the JS references */
  napi_ref self;    /* keeps the handle alive while the socket is open */
  napi_ref on_batch;
  napi_ref on_error;
  napi_async_context async;
  unsigned char *slots;
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  struct sockaddr_in6 from[BATCH];
} Sock;

static const char *err_name(int err) { return uv_err_name(-err); }

static void throw_errno(napi_env env, const char *syscall, int err) {
  char message[160];
  snprintf(message, sizeof message, "%s %s: %s", syscall, err_name(err), strerror(err));
  napi_value msg, code, sys, error;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
  napi_create_string_utf8(env, err_name(err), NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &sys);
  napi_create_error(env, code, msg, &error);
  napi_set_named_property(env, error, "syscall", sys);
  napi_value errnum;
  napi_create_int32(env, -err, &errnum);
  napi_set_named_property(env, error, "errno", errnum);
  napi_throw(env, error);
}

static void maybe_free(Sock *s) {
  if (!s->uv_closed || !s->finalized) return;
  free(s->slots);
  free(s);
}

static void on_uv_closed(uv_handle_t *handle) {
  Sock *s = handle->data;
  s->uv_closed = 1;
  maybe_free(s);
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Sock *s = data;
  s->finalized = 1;
  maybe_free(s);
}

/* Drops what the socket holds of JS: its callbacks, its async context, its handle. */
static void release_js(Sock *s) {
  napi_async_destroy(s->env, s->async);
  napi_delete_reference(s->env, s->on_batch);
  napi_delete_reference(s->env, s->on_error);
  napi_delete_reference(s->env, s->self);
}

/* Calls a JS function from the loop as Node calls its own callbacks (ticks and microtasks run
 * after it); an exception in it goes to process 'uncaughtException', as a dgram handler's would. */
static void call_js(Sock *s, napi_ref ref, size_t argc, napi_value *argv) {
  napi_env env = s->env;
  napi_value fn, recv, result;
  if (napi_get_reference_value(env, ref, &fn) != napi_ok || fn == NULL) return;
  napi_get_global(env, &recv); /* MakeCallback wants an object as `this` */
  s->in_callback++;
  napi_status status = napi_make_callback(env, s->async, recv, fn, argc, argv, &result);
  s->in_callback--;
  bool pending = false;
  if (status != napi_ok) napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value exception;
    napi_get_and_clear_last_exception(env, &exception);
    napi_fatal_exception(env, exception);
  }
  if (s->in_callback == 0 && s->release_due) {
    s->release_due = 0;
    release_js(s);
  }
}

static void report_error(Sock *s, int err, const char *syscall) {
  napi_handle_scope scope;
  napi_open_handle_scope(s->env, &scope);
  napi_value argv[2];
  napi_create_string_utf8(s->env, err_name(err), NAPI_AUTO_LENGTH, &argv[0]);
  napi_create_string_utf8(s->env, syscall, NAPI_AUTO_LENGTH, &argv[1]);
  call_js(s, s->on_error, 2, argv);
  napi_close_handle_scope(s->env, scope);
}

static void on_readable(uv_poll_t *handle, int status, int events) {
  (void)events;
  Sock *s = handle->data;
  if (s->closed) return;
  if (status < 0) {
    report_error(s, -status, "poll");
    return;
  }
  for (int i = 0; i < BATCH; i++) {
    s->msgs[i].msg_hdr.msg_namelen = sizeof s->from[i];
    s->msgs[i].msg_hdr.msg_flags = 0;
    s->msgs[i].msg_len = 0;
  }
  int n = recvmmsg(s->fd, s->msgs, BATCH, MSG_DONTWAIT, NULL);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
    report_error(s, errno, "recvmmsg");
    return;
  }
  if (n == 0) return;

  napi_env env = s->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  size_t total = 0;
  for (int i = 0; i < n; i++) total += s->msgs[i].msg_len;
  void *bytes;
  napi_value data, meta_buffer, meta, sources;
  napi_create_buffer(env, total == 0 ? 1 : total, &bytes, &data);
  uint32_t *fields;
  napi_create_arraybuffer(env, (size_t)n * 4 * sizeof(uint32_t), (void **)&fields, &meta_buffer);
  napi_create_typedarray(env, napi_uint32_array, (size_t)n * 4, meta_buffer, 0, &meta);
  napi_create_array_with_length(env, (size_t)n, &sources);
  size_t offset = 0;
  for (int i = 0; i < n; i++) {
    uint32_t length = s->msgs[i].msg_len;
    memcpy((unsigned char *)bytes + offset, s->slots + (size_t)i * SLOT, length);
    const struct sockaddr_in6 *from = &s->from[i];
    fields[4 * i] = (uint32_t)offset;
    fields[4 * i + 1] = length;
    fields[4 * i + 2] = ntohs(from->sin6_port);
    fields[4 * i + 3] = from->sin6_scope_id;
    char text[INET6_ADDRSTRLEN];
    napi_value source;
    if (from->sin6_family == AF_INET6 && inet_ntop(AF_INET6, &from->sin6_addr, text, sizeof text))
      napi_create_string_latin1(env, text, NAPI_AUTO_LENGTH, &source);
    else
      napi_create_string_latin1(env, "::", 2, &source);
    napi_set_element(env, sources, (uint32_t)i, source);
    offset += length;
  }
  napi_value argv[3] = {data, meta, sources};
  call_js(s, s->on_batch, 3, argv);
  napi_close_handle_scope(env, scope);
}

static int get_string(napi_env env, napi_value value, char *out, size_t size) {
  size_t length;
  if (napi_get_value_string_utf8(env, value, out, size, &length) != napi_ok) return -1;
  return length + 1 >= size ? -1 : 0;
}

/* "2001:db8::1", "fe80::1%eth0" or "fe80::1%3"; a scope in the text wins over `scope_id`. */
static int parse_address(const char *text, uint32_t scope_id, struct sockaddr_in6 *out) {
  char copy[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
  if (strlen(text) >= sizeof copy) return -1;
  strcpy(copy, text);
  char *percent = strchr(copy, '%');
  if (percent) {
    *percent = '\0';
    char *end;
    unsigned long numeric = strtoul(percent + 1, &end, 10);
    scope_id = (*end == '\0' && end != percent + 1) ? (uint32_t)numeric : if_nametoindex(percent + 1);
  }
  memset(out, 0, sizeof *out);
  out->sin6_family = AF_INET6;
  out->sin6_scope_id = scope_id;
  return inet_pton(AF_INET6, copy, &out->sin6_addr) == 1 ? 0 : -1;
}

static napi_value Open(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 7) {
    napi_throw_type_error(env, NULL, "open(address, scopeId, port, joinGroup, receiveBufferBytes, onBatch, onError)");
    return NULL;
  }
  char address[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
  uint32_t scope_id, port, rcvbuf;
  bool join;
  if (get_string(env, argv[0], address, sizeof address) != 0 ||
      napi_get_value_uint32(env, argv[1], &scope_id) != napi_ok ||
      napi_get_value_uint32(env, argv[2], &port) != napi_ok || port > 65535 ||
      napi_get_value_bool(env, argv[3], &join) != napi_ok ||
      napi_get_value_uint32(env, argv[4], &rcvbuf) != napi_ok) {
    napi_throw_type_error(env, NULL, "open: bad arguments");
    return NULL;
  }
  struct sockaddr_in6 bind_to;
  if (parse_address(address, scope_id, &bind_to) != 0) {
    throw_errno(env, "bind", EINVAL);
    return NULL;
  }
  bind_to.sin6_port = htons((uint16_t)port);

  int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw_errno(env, "socket", errno);
    return NULL;
  }
  int one = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) {
    int err = errno;
    close(fd);
    throw_errno(env, "setsockopt", err);
    return NULL;
  }
  if (bind(fd, (struct sockaddr *)&bind_to, sizeof bind_to) != 0) {
    int err = errno;
    close(fd);
    throw_errno(env, "bind", err);
    return NULL;
  }
  if (join) {
    struct ipv6_mreq group;
    group.ipv6mr_multiaddr = bind_to.sin6_addr;
    group.ipv6mr_interface = bind_to.sin6_scope_id;
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &group, sizeof group) != 0) {
      int err = errno;
      close(fd);
      throw_errno(env, "addMembership", err);
      return NULL;
    }
  }
  /* A receive buffer the kernel caps is not fatal (as with node:dgram's setRecvBufferSize). */
  int size = (int)rcvbuf;
  if (size > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);

  Sock *s = calloc(1, sizeof *s);
  unsigned char *slots = malloc((size_t)BATCH * SLOT);
  if (!s || !slots) {
    free(s);
    free(slots);
    close(fd);
    throw_errno(env, "open", ENOMEM);
    return NULL;
  }
  s->env = env;
  s->fd = fd;
  s->slots = slots;
  s->uv_closed = 1;
  for (int i = 0; i < BATCH; i++) {
    s->iov[i].iov_base = slots + (size_t)i * SLOT;
    s->iov[i].iov_len = SLOT;
    s->msgs[i].msg_hdr.msg_name = &s->from[i];
    s->msgs[i].msg_hdr.msg_iov = &s->iov[i];
    s->msgs[i].msg_hdr.msg_iovlen = 1;
  }

  napi_value handle, name;
  napi_create_external(env, s, finalize, NULL, &handle);
  napi_create_reference(env, handle, 1, &s->self);
  napi_create_reference(env, argv[5], 1, &s->on_batch);
  napi_create_reference(env, argv[6], 1, &s->on_error);
  napi_create_string_utf8(env, "NestorUdpSocket", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, handle, name, &s->async);

  uv_loop_t *loop;
  int rc = napi_get_uv_event_loop(env, &loop) == napi_ok ? uv_poll_init(loop, &s->poll, fd) : UV_EINVAL;
  if (rc == 0) {
    s->uv_closed = 0;
    s->poll.data = s;
    rc = uv_poll_start(&s->poll, UV_READABLE, on_readable);
  }
  if (rc != 0) {
    s->closed = 1;
    if (!s->uv_closed) uv_close((uv_handle_t *)&s->poll, on_uv_closed);
    close(fd);
    release_js(s);
    throw_errno(env, "uv_poll", -rc);
    return NULL;
  }
  s->polling = 1;
  return handle;
}

static Sock *get_sock(napi_env env, napi_value value) {
  void *data = NULL;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == NULL) {
    napi_throw_type_error(env, NULL, "not a socket handle");
    return NULL;
  }
  return data;
}

static napi_value Close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  Sock *s = argc < 1 ? NULL : get_sock(env, argv[0]);
  if (!s || s->closed) return NULL;
  s->closed = 1;
  if (s->polling) {
    uv_poll_stop(&s->poll);
    uv_close((uv_handle_t *)&s->poll, on_uv_closed);
    s->polling = 0;
  }
  close(s->fd);
  s->fd = -1;
  if (s->in_callback > 0)
    s->release_due = 1;
  else
    release_js(s);
  return NULL;
}

static napi_value Send(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 5) {
    napi_throw_type_error(env, NULL, "send(handle, bytes, address, scopeId, port)");
    return NULL;
  }
  Sock *s = get_sock(env, argv[0]);
  if (!s) return NULL;
  if (s->closed) {
    napi_throw_error(env, "ERR_SOCKET_DGRAM_NOT_RUNNING", "Not running");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length;
  void *bytes;
  char address[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
  uint32_t scope_id, port;
  if (napi_get_typedarray_info(env, argv[1], &type, &length, &bytes, NULL, NULL) != napi_ok ||
      type != napi_uint8_array || get_string(env, argv[2], address, sizeof address) != 0 ||
      napi_get_value_uint32(env, argv[3], &scope_id) != napi_ok ||
      napi_get_value_uint32(env, argv[4], &port) != napi_ok || port > 65535) {
    napi_throw_type_error(env, NULL, "send: bad arguments");
    return NULL;
  }
  int result = 0;
  struct sockaddr_in6 to;
  if (parse_address(address, scope_id, &to) != 0) {
    result = EINVAL;
  } else {
    to.sin6_port = htons((uint16_t)port);
    struct iovec iov = {.iov_base = bytes, .iov_len = length};
    struct msghdr msg = {.msg_name = &to, .msg_namelen = sizeof to, .msg_iov = &iov, .msg_iovlen = 1};
    ssize_t sent;
    do sent = sendmsg(s->fd, &msg, MSG_DONTWAIT);
    while (sent < 0 && errno == EINTR);
    if (sent < 0) result = errno;
  }
  napi_value out;
  napi_create_int32(env, result, &out);
  return out;
}

static napi_value IfIndex(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char name[IF_NAMESIZE + 1];
  unsigned index = 0;
  if (argc >= 1 && get_string(env, argv[0], name, sizeof name) == 0) index = if_nametoindex(name);
  napi_value out;
  napi_create_uint32(env, index, &out);
  return out;
}

static napi_value ErrName(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t err = 0;
  if (argc >= 1) napi_get_value_int32(env, argv[0], &err);
  napi_value out;
  napi_create_string_utf8(env, err_name(err), NAPI_AUTO_LENGTH, &out);
  return out;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"open", NULL, Open, NULL, NULL, NULL, napi_default, NULL},
      {"send", NULL, Send, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, Close, NULL, NULL, NULL, napi_default, NULL},
      {"ifIndex", NULL, IfIndex, NULL, NULL, NULL, napi_default, NULL},
      {"errName", NULL, ErrName, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
