/* SPDX-License-Identifier: ISC */
/* http: answers GET / with a line naming the unikernel, 404 elsewhere. */
#include <mirage.h>

#include <string.h>

#include "mirage/keys.h"

static void handler(void *arg, struct mirage_http_request *req,
                    struct mirage_http_response *resp)
{
    static const char body[] = "hello from the http_server device\n";

    (void)arg;
    if (strcmp(req->path, "/") != 0)
        mirage_http_respond_status(resp, 404);
    else
        mirage_http_respond(resp, 200, "text/plain", body, sizeof body - 1);
}

int unikernel_start(struct mirage_tcp_listener *http)
{
    struct mirage_http_server *srv;
    int err = mirage_http_server_create(NULL, handler, NULL, &srv);

    if (err < 0)
        return err;
    mirage_log_info(&mirage_log_app, "serving HTTP");
    return mirage_http_serve(srv, http);
}
