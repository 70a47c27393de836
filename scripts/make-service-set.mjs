#!/usr/bin/env node
/**
 * Makes data/sentiment/service_labelled.txt: the customer-service sentences of the labelled UCI
 * sentences in data/sentiment (Amazon and Yelp), with their original labels.
 *
 * A sentence is kept when it names the service itself: the people who serve (staff, waiter,
 * agent, customer service, ...), what they do (order, delivery, shipping, refund, return,
 * warranty, call back, email, response, reservation) or what service costs in time and money
 * (wait, price, cost, bill, tip). Words that the Amazon sentences use of the phone itself (calls,
 * charge, minutes and hours of battery) are left out. The filter holds topic words only, no word of praise or
 * complaint, and was written before any scorer was run on its output; the labels are the UCI
 * annotators' (Kotzias et al. 2015), unchanged. Same input, same output: the sentences keep their
 * order, Amazon's first.
 *
 *   node scripts/make-service-set.mjs
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "data", "sentiment");

const TOPIC = new RegExp(
  "\\b(" +
    [
      // who serves
      "service", "services", "served", "server", "servers", "staff", "waiters?", "waitress(es)?", "waitstaff", "host", "hostess",
      "bartenders?", "managers?", "employees?", "cashiers?", "customer", "customers", "support", "reps?", "representatives?", "agents?",
      // what they do
      "orders?", "ordered", "ordering", "delivery", "delivered", "deliver", "shipping", "shipped", "ship", "refunds?", "refunded",
      "returns?", "returned", "returning", "exchange", "exchanged", "warranty", "replacement", "replaced", "call back", "called back",
      "e-?mails?", "e-?mailed", "response", "responded", "reply", "replied", "reservations?", "seated", "seating",
      // what service costs in time and money
      "wait", "waited", "waiting", "waits", "prices?", "priced", "pricing", "cost", "costs", "bill", "tip",
    ].join("|") +
    ")\\b",
  "i",
);

const lines = ["amazon_cells_labelled.txt", "yelp_labelled.txt"].flatMap((f) => readFileSync(path.join(DIR, f), "utf8").split("\n").filter((l) => l !== ""));
const kept = lines.filter((line) => TOPIC.test(line.slice(0, line.lastIndexOf("\t"))));
writeFileSync(path.join(DIR, "service_labelled.txt"), kept.map((l) => `${l}\n`).join(""));
const positive = kept.filter((l) => l.endsWith("\t1")).length;
console.log(`${kept.length} sentences (${positive} positive, ${kept.length - positive} negative) of ${lines.length}`);
