"""The interview guide of the network's kit, in the words an interviewer reads aloud.

The kit asks each interviewer to say these in their own words; they are shown as a help.
"""

from __future__ import annotations

ICE_BREAKER = (
    "On se connaît peut-être déjà, mais le but, c'est que quelqu'un qui ne te connaît pas puisse comprendre "
    "ce que tu vas me raconter. Fais comme si j'étais journaliste !",
    "Les questions sont très simples. Tu réponds comme tu veux, il n'y a pas de jugement. Tout ce que tu me "
    "dis peut rester anonyme si tu le souhaites : on en reparle à la fin.",
    "Es-tu toujours d'accord pour que je filme ou que j'enregistre ? On en reparle aussi à la fin.",
    "D'accord : maintenant, on commence.",
)

OPENING_QUESTIONS = (
    "Depuis combien de temps es-tu dans la KPA ?",
    "Peux-tu me dire pourquoi tu es venu·e ?",
)

CARDS_INTRO = (
    "Il y a plusieurs cartes devant toi : elles peuvent dire ce que t'apporte la KPA. "
    "[Lire les cartes à voix haute en les prenant en main.]",
    "Choisis une carte, celle qui te fait le plus penser à la KPA.",
)
CARD_PROMPTS = (
    "Pourquoi as-tu choisi cette carte ? À quoi te fait-elle penser ?",
    "Peux-tu m'en parler ? Me donner des exemples ?",
)
NEXT_CARD = "Merci, c'est très intéressant. Est-ce qu'une autre carte te parle maintenant ?"
STUCK_HINT = (
    "Si la personne n'arrive pas à choisir : proposez « J'ai appris », « J'ai été utile » ou « J'ai rencontré ». "
    "Essayez d'aller jusqu'à trois cartes, sans forcer."
)

CLOSING_INTRO = "On a beaucoup parlé, c'est très intéressant, et on arrive au bout du temps prévu."
CLOSING_QUESTIONS = (
    "Pour finir : qu'est-ce que tu trouves dans ta KPA que tu ne trouves pas ailleurs ?",
    "Qu'as-tu pensé de l'exercice ? As-tu envie d'ajouter quelque chose ?",
)
AFTER_WORDS = "C'est fini, je ne prends plus de notes (j'arrête l'enregistrement)."
AFTER_OFFERS = (
    "Veux-tu dire autre chose, en dehors de l'entretien ?",
    "Veux-tu regarder les notes que j'ai prises, ou la vidéo, avec moi ?",
    "Veux-tu essayer d'être l'intervieweur·se, avec moi ou avec un·e coopérant·e ?",
)

CONSENT_QUESTIONS = (
    "Es-tu d'accord pour que ce que tu as dit soit partagé avec l'équipe du projet d'évaluation du réseau ? "
    "Ce n'est pas diffusé à d'autres personnes sans ton accord.",
    "Veux-tu que ton témoignage reste anonyme ? Ton nom n'apparaîtra alors nulle part.",
)
