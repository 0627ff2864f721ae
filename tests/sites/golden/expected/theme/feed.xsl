<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom or RSS feed of this site as a readable page when opened in a browser.
     No script and no request to another host: only the site's own stylesheet. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>

  <xsl:variable name="home" select="(/atom:feed/atom:link[@rel='alternate']/@href | /rss/channel/link)[1]"/>
  <xsl:variable name="title" select="(/atom:feed/atom:title | /rss/channel/title)[1]"/>

  <xsl:template match="/">
    <html lang="sv">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> – flöde</title>
        <link rel="stylesheet" href="{$home}theme/css/site.css"/>
      </head>
      <body>
        <main id="main">
          <h1><xsl:value-of select="$title"/></h1>
          <p>Det här är ett flöde. Kopiera adressen i webbläsarens adressfält och klistra in den i
            en flödesläsare för att få nya inlägg automatiskt.
            <a href="{$home}flode/">Så prenumererar du</a>.</p>
          <p lang="en">This is a feed. Copy the address from the address bar into a feed reader
            to get new posts automatically.</p>
          <h2>Senaste inläggen</h2>
          <ol class="archive-list">
            <xsl:apply-templates select="/atom:feed/atom:entry | /rss/channel/item"/>
          </ol>
          <p><a href="{$home}">Till bloggen</a></p>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <xsl:text> </xsl:text>
      <time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
    </li>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <xsl:text> </xsl:text>
      <span><xsl:value-of select="pubDate"/></span>
    </li>
  </xsl:template>
</xsl:stylesheet>
