/* SPDX-License-Identifier: ISC */
/* The Date header: IMF-fixdate (RFC 9110 5.6.7), formatted once a second. */
#include "http_priv.h"

#include <string.h>

static const char wdays[7][4] = {"Sun", "Mon", "Tue", "Wed",
                                 "Thu", "Fri", "Sat"};
static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static bool leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void two(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

void mirage__http_imf_date(int64_t sec, char out[30])
{
    static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30,
                                            31, 31, 30, 31, 30, 31};
    int64_t days, year = 1970;
    unsigned month = 0, rem;

    if (sec < 0)
        sec = 0;
    if (sec > 253402300799) /* 9999-12-31T23:59:59Z */
        sec = 253402300799;
    days = sec / 86400;
    rem = (unsigned)(sec % 86400);
    memcpy(out, wdays[(days + 4) % 7], 3); /* 1970-01-01 was a Thursday */
    for (;;) {
        int64_t n = leap(year) ? 366 : 365;
        if (days < n)
            break;
        days -= n;
        year++;
    }
    for (;;) {
        unsigned n = mdays[month] + (month == 1 && leap(year));
        if (days < n)
            break;
        days -= n;
        month++;
    }
    memcpy(out + 3, ", ", 2);
    two(out + 5, (unsigned)days + 1);
    out[7] = ' ';
    memcpy(out + 8, months[month], 3);
    out[11] = ' ';
    two(out + 12, (unsigned)(year / 100));
    two(out + 14, (unsigned)(year % 100));
    out[16] = ' ';
    two(out + 17, rem / 3600);
    out[19] = ':';
    two(out + 20, rem / 60 % 60);
    out[22] = ':';
    two(out + 23, rem % 60);
    memcpy(out + 25, " GMT", 5);
}

const char *mirage__http_date(struct mirage_http_server *srv)
{
    struct mirage_ptime now;

    if (!srv->cfg.clock)
        return NULL;
    mirage_pclock_now(srv->cfg.clock, &now);
    if (now.sec != srv->date_sec || srv->date[0] == '\0') {
        memcpy(srv->date, "Date: ", 6);
        mirage__http_imf_date(now.sec, srv->date + 6);
        memcpy(srv->date + 35, "\r\n", 3);
        srv->date_sec = now.sec;
    }
    return srv->date;
}
